using Build.CommandLine;
using Build.Context;
using Build.Docker;
using Build.Facts;
using Build.Options;

namespace Build.Planning;

/// <summary>
/// Composes the steps of the EPP and frontend builds (docs/decisions.md §1.7): the host steps that prepare the
/// GAIE tree (clone, patches, C library, Dockerfile) and the typed docker builds, from the options and facts only.
/// </summary>
public sealed class ReleaseComposer(ReleaseOptions release, PlanningFacts facts, SourceFacts sources, ImageBuildComposer images)
{
    public const string EppRepository = "dynamo-epp";
    public const string EppDockerfile = DockerfileArgs.EppDockerfile;

    /// <summary>Where Dockerfile.epp goes in the GAIE tree (docs/decisions.md §1.7).</summary>
    public const string EppDockerfileInTree = "Dockerfile.dynamo";

    public const string FrontendDockerfile = DockerfileArgs.FrontendDockerfile;

    /// <summary>The plugin folder the Dynamo C library and header are copied into (docs/decisions.md §1.7).</summary>
    public const string CapiPluginDir = "pkg/epp/scheduling/plugins/dynamo_kv_scorer";

    private string Version => facts.Version.Version;

    /// <summary>The EPP image's tags: --epp-tag or dynamo-epp:&lt;VERSION&gt;, then dynamo-epp:latest.</summary>
    public IReadOnlyList<string> EppTags() =>
        [release.EppTag?.ToString() ?? $"{ImageNames.Repository(images.Namespace, EppRepository)}:{Version}", $"{ImageNames.Repository(images.Namespace, EppRepository)}:latest"];

    /// <summary>The EPP image BuildFrontend uses: --epp-image, else the one BuildEpp builds.</summary>
    public string EppImage => release.EppImage?.ToString() ?? EppTags()[0];

    /// <summary>The patch folder: --epp-patches or container/epp-patches/ (absent or empty: no patch).</summary>
    public string PatchDirectory => SourceFacts.EppPatchDirectory(release, facts.ContainerDir);

    /// <summary>The patches in the order they are applied (name order, ordinal).</summary>
    public IReadOnlyList<string> Patches() => sources.EppPatches;

    /// <summary>Everything BuildEpp does, in order, as (title, tags, command).</summary>
    public IEnumerable<(string Title, IReadOnlyList<string> Tags, ArgvCommand Command)> EppSteps(GaieSource source)
    {
        var tree = source.Directory;
        if (source.CloneUrl is { } url)
        {
            if (source.CloneExists)
            {
                yield return ("remove the earlier GAIE clone", [], new RemoveDirectoryCommand(tree));
            }

            yield return ($"clone GAIE {source.BuildRef}", [], new GitCloneCommand(url, tree));
            yield return ($"check out GAIE {source.BuildRef}", [], new GitCheckoutCommand(tree, source.Commit));
        }

        foreach (var patch in Patches())
        {
            yield return ($"patch {Path.GetFileName(patch)}", [], new GitApplyCommand(tree, patch));
        }

        foreach (var (file, folder) in new[] { (release.DynamoCapiLib, "lib"), (release.DynamoCapiInclude, "include") })
        {
            if (file is null)
            {
                continue;
            }

            var target = Path.Combine(tree, CapiPluginDir, folder);
            yield return ($"Dynamo C {folder} folder", [], new MakeDirectoryCommand(target));
            yield return ($"Dynamo C {(folder == "lib" ? "library" : "header")}", [], new CopyFileCommand(file, Path.Combine(target, Path.GetFileName(file))));
        }

        yield return ("EPP Dockerfile", [], new CopyFileCommand(images.DockerfilePath(EppDockerfile), Path.Combine(tree, EppDockerfileInTree)));
        var tags = EppTags();
        yield return ("EPP image", tags, EppBuild(source, tags));
    }

    /// <summary>docker build of Dockerfile.epp (its last stage, runtime) with the GAIE tree as the context.</summary>
    public DockerBuildSettings EppBuild(GaieSource source, IReadOnlyList<string> tags)
    {
        // Without the option or an overlay, Dockerfile.epp's defaults (= container/context.yaml) hold: no build arg.
        var overlaid = images.OverlayArgs(DockerfileArgs.Epp);
        string? Overlaid(string arg) => overlaid.FirstOrDefault(a => a.Key == arg).Value;
        var args = new List<KeyValuePair<string, string>>();
        if ((release.EppBuilderImage ?? Overlaid("BUILDER_IMAGE")) is { } builder)
        {
            args.Add(new("BUILDER_IMAGE", builder));
        }

        if ((release.EppBaseImage ?? Overlaid("BASE_IMAGE")) is { } baseImage)
        {
            args.Add(new("BASE_IMAGE", baseImage));
        }

        args.Add(new("COMMIT_SHA", source.Commit));
        args.Add(new("BUILD_REF", source.BuildRef));

        // The image is GAIE's code: its revision and source are the GAIE tree's; the version is this suite's.
        var labels = new List<KeyValuePair<string, string>>
        {
            new("org.opencontainers.image.version", Version),
            new("org.opencontainers.image.revision", source.Commit),
        };
        if (OciSource.FromRemote(source.CloneUrl) is { } url)
        {
            labels.Add(new("org.opencontainers.image.source", url));
        }

        return images.WithSharedCache(images.Common() with
        {
            File = Path.Combine(source.Directory, EppDockerfileInTree),
            ContextPath = source.Directory,

            // No --target: runtime is the last stage (and the framework builds' notes key on a target).
            BuildArgs = images.WithUserArgs(args),
            Tags = tags,
            Labels = labels,
        }, "epp");
    }

    /// <summary>The frontend image's tags: dynamo:&lt;VERSION&gt;-none-frontend and dynamo:latest-none-frontend.</summary>
    public IReadOnlyList<string> FrontendTags() =>
        [ImageNames.VersionedImage(images.Namespace, Version, Framework.None, "frontend"), ImageNames.LatestImage(images.Namespace, Framework.None, "frontend")];

    /// <summary>The dev image of framework none that the frontend copies its venv from (BuildDevImage's versioned tag).</summary>
    public string FrontendBase => ImageNames.VersionedImage(images.Namespace, Version, Framework.None, null);

    /// <summary>docker build of Dockerfile.frontend (its last stage, frontend) from the repository root.</summary>
    public DockerBuildSettings FrontendBuild() => images.WithSharedCache(images.Common() with
    {
        File = images.DockerfilePath(FrontendDockerfile),
        ContextPath = facts.RepoRoot,

        // No --target: frontend is the last stage, as in the manual command of README "The manual docker buildx command".
        BuildArgs = images.WithUserArgs(
        [
            new("DYNAMO_BASE_IMAGE", FrontendBase),
            new("EPP_IMAGE", EppImage),
            new("PYTHON_VERSION", release.PythonVersion ?? facts.Context.Frontend.PythonVersion),
            .. images.OverlayArgs(DockerfileArgs.Frontend),
        ]),
        Tags = FrontendTags(),
    }, "none-frontend");
}
