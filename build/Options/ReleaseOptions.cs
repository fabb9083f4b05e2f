using Build.Docker;
using static Build.Options.OptionScope;

namespace Build.Options;

/// <summary>
/// The options of the frontend/EPP builds, of publishing and of the CI matrix: BuildEpp, BuildFrontend, Publish,
/// CiMatrix. Each is accepted only when its task runs (its scope). Paths are kept as given: the host's facts
/// (build/Facts/OptionInputFacts.cs) check that they exist and make them absolute.
/// </summary>
public sealed record ReleaseOptions
{
    public const string BuildEppTask = "BuildEpp";
    public const string BuildFrontendTask = "BuildFrontend";
    public const string PublishTask = "Publish";
    public const string LocalDevTask = "BuildLocalDev";
    public const string CiMatrixTask = "CiMatrix";
    public const string MergeManifestsTask = "MergeManifests";
    public const string DefaultPasswordVariable = "DOCKER_REGISTRY_PASSWORD";

    /// <summary>A Gateway API Inference Extension tree to build in place (--gaie-dir).</summary>
    [Option("--gaie-dir", BuildEpp, "BuildEpp: a Gateway API Inference Extension source tree, patched and built in place.", Value = "DIR", Syntax = Syntax.Path)]
    public string? GaieDir { get; init; }

    /// <summary>A GAIE repository to clone (--gaie-git) at <see cref="GaieRef"/>.</summary>
    [Option("--gaie-git", BuildEpp, "BuildEpp: a GAIE repository to clone into .build/epp/ (with --gaie-ref).", Value = "URL", Syntax = Syntax.GitUrl)]
    public string? GaieGit { get; init; }

    [Option("--gaie-ref", BuildEpp, "BuildEpp: the branch, tag or commit of --gaie-git to build.", Value = "REF", Syntax = Syntax.GitRef)]
    public string? GaieRef { get; init; }

    /// <summary>The patch folder (--epp-patches); null means container/epp-patches/ (which may hold no patch).</summary>
    [Option("--epp-patches", BuildEpp, "BuildEpp: folder of *.patch files applied in name order (default container/epp-patches/).", Value = "DIR", Syntax = Syntax.Path)]
    public string? EppPatches { get; init; }

    [Option("--dynamo-capi-lib", BuildEpp, "BuildEpp: prebuilt Dynamo C library copied into the dynamo_kv_scorer plugin's lib/.", Value = "FILE", Syntax = Syntax.Path)]
    public string? DynamoCapiLib { get; init; }

    [Option("--dynamo-capi-include", BuildEpp, "BuildEpp: Dynamo C header copied into the dynamo_kv_scorer plugin's include/.", Value = "FILE", Syntax = Syntax.Path)]
    public string? DynamoCapiInclude { get; init; }

    /// <summary>Replaces the versioned EPP tag dynamo-epp:&lt;VERSION&gt; (dynamo-epp:latest is still added).</summary>
    [Option("--epp-tag", BuildEpp, "BuildEpp: tag instead of dynamo-epp:<VERSION> (dynamo-epp:latest is still added).", Value = "IMAGE:TAG")]
    public ImageReference? EppTag { get; init; }

    /// <summary>BUILDER_IMAGE of Dockerfile.epp; null keeps the Dockerfile's default (epp.builder_image of container/context.yaml, unless an overlay sets it).</summary>
    [Option("--epp-builder-image", BuildEpp | ShowContext, "BuildEpp: Go builder image (BUILDER_IMAGE of container/Dockerfile.epp).", Value = "IMAGE", Syntax = Syntax.ReferenceText)]
    public string? EppBuilderImage { get; init; }

    /// <summary>BASE_IMAGE of Dockerfile.epp; null keeps the Dockerfile's default (epp.base_image of container/context.yaml, unless an overlay sets it).</summary>
    [Option("--epp-base-image", BuildEpp | ShowContext, "BuildEpp: runtime base image (BASE_IMAGE of container/Dockerfile.epp).", Value = "IMAGE", Syntax = Syntax.ReferenceText)]
    public string? EppBaseImage { get; init; }

    /// <summary>An existing EPP image for BuildFrontend; BuildEpp is then skipped.</summary>
    [Option("--epp-image", BuildFrontend, "BuildFrontend: use this EPP image instead of building one (BuildEpp is skipped).", Value = "IMAGE", Syntax = Syntax.ReferenceWithDigest)]
    public ImageReference? EppImage { get; init; }

    /// <summary>PYTHON_VERSION of Dockerfile.frontend: the Python the copied venv must run with; null: frontend.python_version of container/context.yaml.</summary>
    [Option("--python-version", BuildFrontend | ShowContext, "BuildFrontend: the venv's Python, X.Y (PYTHON_VERSION; default: frontend.python_version of container/context.yaml).", Value = "X.Y", Syntax = Syntax.PythonVersion)]
    public string? PythonVersion { get; init; }

    [Option("--registry", Publish | OptionScope.MergeManifests, "Publish, MergeManifests: the registry to push to, HOST[:PORT][/NAMESPACE].", Value = "REGISTRY", Syntax = Syntax.Registry)]
    public RegistryTarget? Registry { get; init; }

    /// <summary>Images to publish instead of the ones this run builds (--publish-image, repeatable).</summary>
    [Option("--publish-image", Publish, "Publish: push this local image instead of the ones this run builds; repeatable.", Value = "IMAGE", Repeatable = true)]
    public IReadOnlyList<ImageReference> PublishImages { get; init; } = [];

    [Option("--push-latest", Publish, "Publish: push the latest-* tags although HEAD is not exactly tagged.")]
    public bool PushLatest { get; init; }

    [Option("--allow-dirty", Publish, "Publish: publish from a working tree with uncommitted changes.")]
    public bool AllowDirty { get; init; }

    [Option("--allow-untagged", Publish, "Publish: publish a --release-build from a HEAD that is not exactly tagged.")]
    public bool AllowUntagged { get; init; }

    [Option("--registry-user", Publish | OptionScope.MergeManifests, "Publish, MergeManifests: log in to the registry as USER first (docker login --password-stdin).", Value = "USER", Syntax = Syntax.UserName)]
    public string? RegistryUser { get; init; }

    [Option("--registry-password-env", Publish | OptionScope.MergeManifests, $"Publish, MergeManifests: the environment variable holding the registry password (default {DefaultPasswordVariable}).", Value = "VAR", Syntax = Syntax.VariableName)]
    public string RegistryPasswordVariable { get; init; } = DefaultPasswordVariable;

    /// <summary>Publish this run's images for its one platform under a per-architecture name, by digest, for MergeManifests.</summary>
    [Option("--push-by-digest", Publish, "Publish: push this run's images for its one --platform by digest (recorded in --report-json) instead of moving tags; MergeManifests then makes the tags.")]
    public bool PushByDigest { get; init; }

    /// <summary>--report-json files of earlier per-architecture Publish --push-by-digest runs (--digests-from, repeatable).</summary>
    [Option("--digests-from", OptionScope.MergeManifests, "MergeManifests: the --report-json FILE of a Publish --push-by-digest run (one per architecture); repeatable.", Value = "FILE", Repeatable = true)]
    public IReadOnlyList<string> DigestsFrom { get; init; } = [];

    /// <summary>The docker stages CiMatrix crosses with the frameworks (--matrix-stages; default dev).</summary>
    [Option("--matrix-stages", OptionScope.CiMatrix, "CiMatrix: comma-separated docker stages to cross with --framework (default dev).", Value = "STAGE[,STAGE]", Syntax = Syntax.MatrixStages)]
    public IReadOnlyList<string> MatrixStages { get; init; } = ["dev"];

    public static IReadOnlyList<OptionSpec> Specs => Declared<ReleaseOptions>.Specs;

    /// <summary>Reads every release option given; the first value that does not parse is a <see cref="UsageException"/>.</summary>
    public static ReleaseOptions Parse(ParsedArguments args) => Declared<ReleaseOptions>.Bind(args);

    /// <summary>Checks that look at several options of the tasks that run (after the scopes are checked); pure.</summary>
    /// <param name="tasks">The tasks of this run in order (what Cake runs, before criteria).</param>
    public void Check(ParsedArguments args, IReadOnlyList<string> tasks)
    {
        if (tasks.Contains(BuildEppTask) && EppImage is null)
        {
            if (GaieDir is not null && GaieGit is not null)
            {
                throw new UsageException("--gaie-dir and --gaie-git both name the GAIE source: give one.");
            }

            if (GaieDir is null && GaieGit is null)
            {
                throw new UsageException("BuildEpp needs the Gateway API Inference Extension source: --gaie-dir DIR, or --gaie-git URL --gaie-ref REF (or give --epp-image IMAGE to BuildFrontend instead).");
            }

            if (GaieGit is not null && GaieRef is null)
            {
                throw new UsageException("--gaie-git needs --gaie-ref REF: the branch, tag or commit to build (e.g. v0.5.1).");
            }

            if (GaieDir is not null && GaieRef is not null)
            {
                throw new UsageException("--gaie-ref picks what --gaie-git clones; with --gaie-dir the tree is built as it is checked out.");
            }
        }

        if (tasks.Contains(PublishTask))
        {
            if (Registry is null)
            {
                throw new UsageException("Publish needs --registry HOST[:PORT][/NAMESPACE], e.g. --registry registry.example.com/team.");
            }

            if (PushByDigest && PublishImages.Count > 0)
            {
                throw new UsageException("--push-by-digest pushes the images this run builds for its platform: drop --publish-image (or --push-by-digest).");
            }
        }

        if (tasks.Contains(MergeManifestsTask))
        {
            if (Registry is null)
            {
                throw new UsageException("MergeManifests needs --registry HOST[:PORT][/NAMESPACE]: the registry the per-architecture images were pushed to.");
            }

            if (DigestsFrom.Count == 0)
            {
                throw new UsageException("MergeManifests needs --digests-from FILE (repeatable): the --report-json of each Publish --push-by-digest run.");
            }
        }

        if (tasks.Contains(PublishTask) || tasks.Contains(MergeManifestsTask))
        {
            if (RegistryUser is null && args.Has("--registry-password-env"))
            {
                throw new UsageException("--registry-password-env names the password of --registry-user USER: give the user too (without it, docker's stored login is used).");
            }
        }
    }

    /// <summary>
    /// Several --platform values: a local image holds one platform, so only a Publish takes them, pushing each
    /// platform's images and merging them into one manifest list per image (docs/decisions.md §6.2). Pure.
    /// </summary>
    /// <param name="tasks">The tasks of this run in order (what Cake runs, before criteria).</param>
    public void CheckPlatforms(BuildOptions build, IReadOnlyList<string> tasks)
    {
        if (build.Platforms.Count < 2)
        {
            return;
        }

        var platform = $"--platform '{build.Platform}'";
        if (!tasks.Contains(PublishTask))
        {
            throw new UsageException($"{platform} lists several platforms, but a local image holds one: build one platform (--platform linux/amd64), or publish them all as one manifest list per image with ./build.sh --target BuildRuntime --target Publish --registry HOST[:PORT][/NAMESPACE].");
        }

        if (PushByDigest)
        {
            throw new UsageException($"--push-by-digest publishes one platform per run for a later MergeManifests, but {platform} lists several: drop --push-by-digest (Publish then pushes each platform and merges them itself), or run once per platform.");
        }

        if (PublishImages.Count > 0)
        {
            throw new UsageException($"--publish-image pushes a local image, which holds one platform, but {platform} lists several: drop --publish-image to publish the images this run builds for each platform.");
        }

        if (tasks.LastOrDefault(t => t is BuildEppTask or BuildFrontendTask or LocalDevTask) is { } task)
        {
            throw new UsageException($"{platform} with {task}: its image builds on local images of one platform; publish it from one run per platform (--platform linux/ARCH --push-by-digest --report-json FILE), then --target MergeManifests --digests-from FILE.");
        }
    }

    /// <summary>BuildFrontend builds on the none framework's dev image: without --framework, that is the framework.</summary>
    public BuildOptions Adjust(BuildOptions build, ParsedArguments args, IReadOnlyList<string> tasks)
    {
        if (!tasks.Contains(BuildFrontendTask) || !tasks.Contains("BuildDevImage"))
        {
            return build;
        }

        if (!args.Has("--framework"))
        {
            return build with { Frameworks = [Framework.None] };
        }

        if (!build.Frameworks.Contains(Framework.None))
        {
            throw new UsageException($"--framework {string.Join(",", build.Frameworks.Select(f => f.Lower))}: BuildFrontend builds on the none framework's dev image; include none (or drop --framework).");
        }

        return build;
    }
}

/// <summary>Where Publish pushes: a registry host (with an optional port) and an optional namespace path.</summary>
public sealed record RegistryTarget(string Host, string? Namespace)
{
    /// <summary>HOST[:PORT]/NAMESPACE, the prefix of every pushed name.</summary>
    public string Prefix => Namespace is null ? Host : $"{Host}/{Namespace}";

    public static RegistryTarget Parse(string value)
    {
        var registry = RegistryReference.Split(value);
        registry = registry with { Namespace = registry.Namespace?.TrimEnd('/') };
        return registry.Problem switch
        {
            RegistryProblem.Host => throw new UsageException($"--registry '{value}' must be HOST[:PORT][/NAMESPACE] with a registry host docker recognises (a name with a '.', a ':PORT', or localhost), e.g. registry.example.com/team or 127.0.0.1:5000."),
            RegistryProblem.Namespace => throw new UsageException($"--registry '{value}': the namespace '{registry.Namespace}' must be lowercase path components (a-z, 0-9, '.', '_', '-')."),
            _ => new RegistryTarget(registry.Host, registry.Namespace),
        };
    }
}
