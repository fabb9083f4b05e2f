using Build.Context;
using Build.Docker;
using Build.Facts;
using Build.Options;

namespace Build.Planning;

/// <summary>
/// Composes the typed <c>docker build</c> settings of each image from the options and the facts:
/// the build-arg set and order of docs/decisions.md §1.3, with the fixes of §2
/// (tokens as secrets, user build args last and winning, per-framework base, parsed platform).
/// </summary>
public sealed class ImageBuildComposer(BuildOptions options, PlanningFacts facts)
{
    /// <summary>The empty named context passed when TensorRT-LLM comes from a pip wheel (docs/decisions.md §1.5).</summary>
    public const string TrtllmDummyContext = "/tmp/dummy_dir";

    public string Version => facts.Version.Version;

    /// <summary>Whether builds on --builder load their image into this engine (<see cref="BuilderPlanning.LoadsImages"/>); the intermediate bases do, except on a builder that reads no image store.</summary>
    public bool LoadsImages { get; init; } = true;

    /// <summary>container/context.yaml with the overlays: every default image, version and source (docs/decisions.md §3, versions and sources as data).</summary>
    private ContainerContext Context => facts.Context;

    /// <summary>--image-namespace: the repository prefix of every image the suite names itself.</summary>
    public string? Namespace => options.ImageNamespace;

    public string DockerfilePath(string file) => Path.Combine(facts.ContainerDir, file);

    /// <summary>
    /// Build 1: the framework's base image (container/Dockerfile, stage dev). Loaded into this engine, where the
    /// builds after it find it, except on a builder that reads no image store (docs/decisions.md §6.6): there they
    /// find it only inside the bake, so it is loaded as the other images are (<see cref="LoadsImages"/>, or a later
    /// step on this engine that uses it).
    /// </summary>
    public DockerBuildSettings BaseBuild(Framework framework) => WithSharedCache(
        MainBuild(framework, Framework.None, "dev", [BaseImage(framework)], dynamoBase: null) is var build && BuilderPlanning.ReadsNoImageStore(options, facts) ? build : build with { Outputs = [] },
        $"{framework.Lower}-base");

    /// <summary>
    /// The framework's base image: dynamo-base:&lt;VERSION&gt;-&lt;fw&gt;, with -&lt;arch&gt; for a platform other than the
    /// local images' of a Publish of several platforms (<see cref="BuildOptions.OtherPlatform"/>).
    /// </summary>
    public string BaseImage(Framework framework) =>
        ImageNames.BaseImage(options.ImageNamespace, Version, framework) + (options.OtherPlatform ? "-" + options.Arch.Arch : string.Empty);

    /// <summary>Build 2 (or the only build for none): the framework image at a stage.</summary>
    public DockerBuildSettings FrameworkBuild(Framework framework, string stage, IReadOnlyList<string> tags) => WithSharedCache(
        MainBuild(framework, framework, stage, tags,
            framework.HasBaseBuild ? BaseImage(framework) : null), $"{framework.Lower}-{stage}");

    /// <summary>Build 3: the local-dev image on top of a dev image, with the caller's (or given) UID/GID.</summary>
    /// <param name="framework">The framework whose dev image it builds on (names its shared cache; default the first of --framework).</param>
    public DockerBuildSettings LocalDevBuild(string devBase, IReadOnlyList<string> tags, Framework? framework = null) => WithSharedCache(Common() with
    {
        File = DockerfilePath("Dockerfile.local_dev"),
        ContextPath = facts.ContainerDir,
        BuildArgs =
        [
            new("DEV_BASE", devBase),
            new("USER_UID", (options.Uid ?? facts.Uid).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("USER_GID", (options.Gid ?? facts.Gid).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("ARCH", options.Arch.Arch),
        ],
        Tags = tags,
    }, $"{(framework ?? options.Frameworks[0]).Lower}-local-dev");

    /// <summary>Directories a real run creates before building (the dry run prints them as mkdir -p lines).</summary>
    public IReadOnlyList<string> Directories() =>
        options.Frameworks.Contains(Framework.Trtllm) && UsesTrtllmPipWheel ? [TrtllmDummyContext] : [];

    /// <summary>Informational lines build.sh prints before the builds.</summary>
    public IEnumerable<string> Notes(Framework framework)
    {
        if (options.ReleaseBuild)
        {
            yield return "Performing a release build!";
        }

        if (framework.ForcesKvbm)
        {
            yield return $"Forcing enable_kvbm to true in {framework.Name} image build";
        }

        if (framework.ForcesKvbm || options.EnableKvbm)
        {
            yield return "Enabling the KVBM in the ai-dynamo-runtime";
        }
    }

    private bool UsesTrtllmPipWheel => options.Trtllm.EffectivePipWheel(Context.Trtllm) is not null;

    /// <summary>
    /// The settings every build of the suite shares: the options that feed a setting as given (their declarations say
    /// which: <see cref="OptionAttribute.Feeds"/>), then network, the builder's context, labels and outputs.
    /// </summary>
    public DockerBuildSettings Common() => Declared<BuildOptions>.Feeds(options).Aggregate(
        new DockerBuildSettings
        {
            File = string.Empty,
            ContextPath = string.Empty,
            Network = options.BuildNetwork ?? Context.BuildNetwork,
            Context = options.Builder is not null && facts.Builder is { Driver: "docker", IsEngine: false, Nodes: [var node] } ? node.Endpoint : null,
            Labels = Labels(),

            // Not loaded: the image stays in the builder (its cache), for the pushes from it (docs/decisions.md §6.6).
            Outputs = options.Builder is not null && !LoadsImages ? [BuilderPlanning.CacheOnly] : [],
        },
        (build, fed) => BuildSetting.Named(fed.Setting).With(build, fed.Value));

    /// <summary>
    /// The image's own shared cache (--cache-registry; docs/decisions.md §6.1) after the user's --cache-from/--cache-to:
    /// read the branch's, then main's; write the branch's, every stage (mode=max). Named by framework and kind, and by
    /// architecture when not amd64, so that per-architecture jobs do not overwrite each other's cache.
    /// </summary>
    public DockerBuildSettings WithSharedCache(DockerBuildSettings build, string image)
    {
        if (options.CacheRegistry is not { } cache)
        {
            return build;
        }

        var name = options.Arch.Arch == "amd64" ? image : $"{image}-{options.Arch.Arch}";
        return build with
        {
            CacheFrom = [.. build.CacheFrom, .. cache.From(name, facts.Branch)],
            CacheTo = [.. build.CacheTo, cache.To(name, facts.Branch, options.StrictCache)],
        };
    }

    /// <param name="dockerfileOwner">The framework whose Dockerfile this build uses (none's for Build 1).</param>
    private DockerBuildSettings MainBuild(Framework framework, Framework dockerfileOwner, string stage, IReadOnlyList<string> tags, string? dynamoBase) => Common() with
    {
        File = DockerfilePath(Context.Of(dockerfileOwner).Dockerfile),
        ContextPath = facts.RepoRoot,
        Target = stage,
        BuildArgs = BuildArgs(framework, dockerfileOwner, dynamoBase),
        Secrets = Secrets(),
        Tags = tags,
        BuildContexts = [.. options.BuildContexts, .. TrtllmContexts(framework)],
    };

    private List<KeyValuePair<string, string>> BuildArgs(Framework framework, Framework dockerfileOwner, string? dynamoBase)
    {
        var defaults = Context.Of(framework);
        var args = new List<KeyValuePair<string, string>>();
        void Add(string key, string value) => args.Add(new(key, value));

        if (options.Arch.IsArm64)
        {
            Add("ARCH", options.Arch.Arch);
            Add("ARCH_ALT", options.Arch.ArchAlt);
        }

        Add("NIXL_REF", Context.Nixl.Ref);
        Add("BASE_IMAGE", options.BaseImage ?? defaults.BaseImage);
        Add("BASE_IMAGE_TAG", options.BaseImageTag ?? defaults.BaseImageTag);
        Add("FRAMEWORK", framework.Name);
        Add($"{framework.Name}_FRAMEWORK", "1");
        Add("VERSION", Version);
        Add("PYTHON_PACKAGE_VERSION", facts.Version.PythonPackageVersion);
        if (framework == Framework.Trtllm)
        {
            var trtllm = options.Trtllm;
            Add("GITHUB_TRTLLM_COMMIT", trtllm.EffectiveCommit(Context.Trtllm) ?? string.Empty);
            Add("TRTLLM_USE_NIXL_KVCACHE_EXPERIMENTAL", trtllm.NixlKvcacheExperimental ? "1" : "0");
            if (trtllm.EffectivePipWheel(Context.Trtllm) is { } wheel)
            {
                Add("HAS_TRTLLM_CONTEXT", "0");
                Add("TENSORRTLLM_PIP_WHEEL", wheel);
                Add("TENSORRTLLM_INDEX_URL", trtllm.EffectiveIndexUrl(Context.Trtllm));
            }
            else
            {
                Add("HAS_TRTLLM_CONTEXT", "1");
            }
        }

        if (options.ReleaseBuild)
        {
            Add("RELEASE_BUILD", "true");
        }

        if (framework.ForcesKvbm || options.EnableKvbm)
        {
            Add("ENABLE_KVBM", "true");
        }

        Add("NIXL_UCX_REF", options.MakeEfa ? Context.Nixl.UcxEfaRef : Context.Nixl.UcxRef);
        if (options.UseSccache)
        {
            Add("USE_SCCACHE", "true");
            Add("SCCACHE_BUCKET", options.SccacheBucket!);
            Add("SCCACHE_REGION", options.SccacheRegion!);
        }

        if (dynamoBase is not null)
        {
            Add("DYNAMO_BASE_IMAGE", dynamoBase);
        }

        return WithUserArgs(WithOverrides(args, [.. OverlayArgs(DockerfileArgs.OfFramework(dockerfileOwner, Context)), .. defaults.BuildArgs]));
    }

    /// <summary>The ARGs of a Dockerfile that an overlay set (container/context.yaml is what the Dockerfiles default to).</summary>
    public List<KeyValuePair<string, string>> OverlayArgs(IReadOnlyList<ArgBinding> bindings) =>
        DockerfileArgs.Overlaid(bindings, Context, options.Arch.Arch, options.Arch.ArchAlt);

    /// <summary>
    /// The context's build args (overlay values, frameworks.&lt;fw&gt;.build_args) follow the suite's and replace its
    /// value for the same key; the user's come after them (<see cref="WithUserArgs"/>).
    /// </summary>
    public static List<KeyValuePair<string, string>> WithOverrides(List<KeyValuePair<string, string>> args, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        foreach (var pair in overrides)
        {
            args.RemoveAll(a => a.Key == pair.Key);
            args.Add(pair);
        }

        return args;
    }

    /// <summary>User build args go last and replace the suite's value for the same key (docs/decisions.md §2.9), in every build.</summary>
    public List<KeyValuePair<string, string>> WithUserArgs(List<KeyValuePair<string, string>> args)
    {
        var userKeys = options.BuildArgs.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        args.RemoveAll(a => userKeys.Contains(a.Key));
        args.AddRange(options.BuildArgs);
        return args;
    }

    private List<string> Secrets()
    {
        var secrets = facts.TokensInEnvironment.Order(StringComparer.Ordinal).Select(v => $"id={v},env={v}").ToList();
        if (options.UseSccache)
        {
            secrets.Add("id=aws-key-id,env=AWS_ACCESS_KEY_ID");
            secrets.Add("id=aws-secret-id,env=AWS_SECRET_ACCESS_KEY");
        }

        secrets.AddRange(options.Secrets);
        return secrets;
    }

    private IEnumerable<KeyValuePair<string, string>> TrtllmContexts(Framework framework)
    {
        if (framework != Framework.Trtllm)
        {
            yield break;
        }

        yield return new("trtllm_wheel", UsesTrtllmPipWheel ? TrtllmDummyContext : options.Trtllm.EffectiveWheelDir(Context.Trtllm));
    }

    /// <summary>The OCI labels of every image this suite builds (version, revision, created, source).</summary>
    public List<KeyValuePair<string, string>> Labels()
    {
        var version = facts.Version;
        var labels = new List<KeyValuePair<string, string>> { new("org.opencontainers.image.version", version.Version) };
        if (version.Commit is not null)
        {
            labels.Add(new("org.opencontainers.image.revision", version.Commit));
        }

        if (version.CommitTime is { } time)
        {
            // The commit's time, not the wall clock: rebuilding the same commit gives the same image config.
            labels.Add(new("org.opencontainers.image.created", time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (OciSource.FromRemote(version.SourceUrl) is { } source)
        {
            labels.Add(new("org.opencontainers.image.source", source));
        }

        return labels;
    }
}
