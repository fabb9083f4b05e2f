using Build.Docker;
using static Build.Options.OptionScope;

namespace Build.Options;

/// <summary>
/// The TensorRT-LLM wheel options; only valid with the trtllm framework (docs/decisions.md §1.5). Null: not given, the
/// trtllm.* value of container/context.yaml applies (Build.Context.TrtllmDefaults).
/// </summary>
public sealed record TrtllmOptions(
    [property: Option("--tensorrtllm-pip-wheel-dir", Trtllm | ShowContext, "Directory with a prebuilt TensorRT-LLM wheel and commit.txt (default: trtllm.wheel_dir of container/context.yaml).", Value = "DIR", Syntax = Syntax.Path)]
    string? WheelDir,
    [property: Option("--tensorrtllm-commit", Trtllm, "TensorRT-LLM commit the wheel in the wheel dir must match.", Value = "COMMIT", Syntax = Syntax.Commit)]
    string? Commit,
    [property: Option("--tensorrtllm-pip-wheel", Trtllm | ShowContext, "TensorRT-LLM pip requirement (default: trtllm.pip_wheel of container/context.yaml).", Value = "REQ")]
    string? PipWheel,
    [property: Option("--tensorrtllm-index-url", Trtllm | ShowContext, "Package index for the TensorRT-LLM wheel (default: trtllm.index_url of container/context.yaml).", Value = "URL", Syntax = Syntax.Url)]
    string? IndexUrl,
    [property: Option("--tensorrtllm-git-url", Trtllm, "TensorRT-LLM git URL (for wheels built from source).", Value = "URL", Syntax = Syntax.GitUrl)]
    string? GitUrl,
    [property: Option("--use-default-experimental-tensorrtllm-commit", Trtllm, "Use the default experimental commit (trtllm.experimental_commit of container/context.yaml).")]
    bool UseDefaultExperimentalCommit,
    [property: Option("--trtllm-use-nixl-kvcache-experimental", Trtllm, "Enable NIXL KV cache experimental support for TensorRT-LLM.")]
    bool NixlKvcacheExperimental);

/// <summary>
/// The build options: build.sh's (docs/decisions.md §1.1), with the same names, values and defaults, plus the suite's own. Each
/// property with [Option] is one command-line option, declared once (see <see cref="OptionAttribute"/>); its initial
/// value is its default.
/// </summary>
public sealed record BuildOptions
{
    [Option("--framework", Everywhere, "vllm (default), trtllm, sglang or none, any case; a comma-separated list or 'all' builds several.", Value = "FW", Syntax = Syntax.Frameworks)]
    public IReadOnlyList<Framework> Frameworks { get; init; } = [Framework.Vllm];

    /// <summary>The docker stage given with --stage (container/build.sh's --target); null means dev without a tag suffix.</summary>
    [Option("--stage", OptionScope.Stage | OptionScope.RunContainer, "Docker stage to build (the original's --target): dev, runtime, local-dev, ...; with BuildImage.", Value = "STAGE", Syntax = Syntax.Stage)]
    public string? Stage { get; init; }

    [Option("--platform", ImageBuild, "Platform for docker build (default linux/amd64; linux/arm64 sets ARCH=arm64).", Value = "OS/ARCH", Syntax = Syntax.Platform, Feeds = nameof(DockerBuildSettings.Platform))]
    public string Platform { get; init; } = "linux/amd64";

    [Option("--base-image", ImageBuild | ShowContext, "Override the framework's base image.", Value = "IMAGE", Syntax = Syntax.Repository)]
    public string? BaseImage { get; init; }

    [Option("--base-image-tag", ImageBuild | ShowContext, "Override the framework's base image tag.", Value = "TAG", Syntax = Syntax.Tag)]
    public string? BaseImageTag { get; init; }

    [Option("--tag", ImageBuild, "Tag for the image instead of dynamo:<VERSION>-<fw>[-<stage>] (latest tag still added).", Value = "IMAGE:TAG")]
    public ImageReference? Tag { get; init; }

    [Option("--build-arg", ImageBuild | ShowContext, "Extra build arg KEY=VALUE; repeatable; wins over the suite's value for KEY.", Value = "KEY=VALUE", Syntax = Syntax.BuildArg, Repeatable = true)]
    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];

    [Option("--no-cache", ImageBuild, "Build without the docker cache.", Feeds = nameof(DockerBuildSettings.NoCache))]
    public bool NoCache { get; init; }

    [Option("--cache-from", ImageBuild, "Cache source (docker --cache-from); repeatable.", Value = "SPEC", Syntax = Syntax.CacheSpec, Repeatable = true, Feeds = nameof(DockerBuildSettings.CacheFrom))]
    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    [Option("--cache-to", ImageBuild, "Cache export (docker --cache-to); repeatable; needs buildx.", Value = "SPEC", Syntax = Syntax.CacheSpec, Repeatable = true, Feeds = nameof(DockerBuildSettings.CacheTo))]
    public IReadOnlyList<string> CacheTo { get; init; } = [];

    [Option("--build-context", ImageBuild, "Named build context NAME=PATH; repeatable; needs buildx.", Value = "NAME=PATH", Syntax = Syntax.NamedContext, Repeatable = true)]
    public IReadOnlyList<KeyValuePair<string, string>> BuildContexts { get; init; } = [];

    [Option("--secret", ImageBuild, "Extra BuildKit secret id=ID,env=VAR or id=ID,src=FILE; repeatable.", Value = "SPEC", Syntax = Syntax.Secret, Repeatable = true)]
    public IReadOnlyList<string> Secrets { get; init; } = [];

    [Option("--ssh", ImageBuild, "SSH agent socket or keys for RUN --mount=type=ssh (docker build --ssh): default, or ID=SOCKET|KEY[,KEY]; repeatable.", Value = "default|ID[=PATH]", Syntax = Syntax.Ssh, Repeatable = true, Feeds = nameof(DockerBuildSettings.Ssh))]
    public IReadOnlyList<string> Ssh { get; init; } = [];

    [Option("--release-build", ImageBuild | Publish, "Perform a release build (RELEASE_BUILD=true).")]
    public bool ReleaseBuild { get; init; }

    [Option("--enable-kvbm", ImageBuild, "Enable KVBM (always on for vllm and trtllm).")]
    public bool EnableKvbm { get; init; }

    [Option("--make-efa", ImageBuild, "Enable EFA support for NIXL (EFA UCX ref).")]
    public bool MakeEfa { get; init; }

    [Option("--use-sccache", ImageBuild, "Use sccache (needs --sccache-bucket, --sccache-region and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).")]
    public bool UseSccache { get; init; }

    [Option("--sccache-bucket", ImageBuild, "S3 bucket for sccache.", Value = "BUCKET", Syntax = Syntax.Bucket)]
    public string? SccacheBucket { get; init; }

    [Option("--sccache-region", ImageBuild, "S3 region for sccache.", Value = "REGION", Syntax = Syntax.Region)]
    public string? SccacheRegion { get; init; }

    [Option("--uid", LocalDev, "User ID for local-dev images (default: yours).", Value = "UID")]
    public int? Uid { get; init; }

    [Option("--gid", LocalDev, "Group ID for local-dev images (default: yours).", Value = "GID")]
    public int? Gid { get; init; }

    [Option("--dev-image", LocalDev, "Build a local-dev image from this existing dev image.", Value = "IMAGE",
        WhenUnused = "--dev-image builds a local-dev image: use it with --target BuildLocalDev.")]
    public ImageReference? DevImage { get; init; }

    [OptionGroup]
    public TrtllmOptions Trtllm { get; init; } = new(null, null, null, null, null, false, false);

    [Option("--dry-run", Everywhere, "Print the commands as shell lines and run nothing (--dryrun, --noop and --whatif are the same).", Aliases = ["--dryrun", "--noop", "--whatif"])]
    public bool DryRun { get; init; }

    [Option("--plan-json", Everywhere, "Write the plan (every docker command) as JSON to FILE.", Value = "FILE", Syntax = Syntax.Path)]
    public string? PlanJson { get; init; }

    [Option("--report-json", ImageBuild | Publish | MergeManifests, "After a real run, write what was built as JSON to FILE.", Value = "FILE", Syntax = Syntax.Path)]
    public string? ReportJson { get; init; }

    [Option("--docker-path", Everywhere, "The docker client to run (default: docker on PATH).", Value = "PATH", Syntax = Syntax.Path)]
    public string? DockerPath { get; init; }

    [Option("--repo-root", Everywhere, "Repository root holding container/ (default: found from the working directory).", Value = "DIR", Syntax = Syntax.Path)]
    public string? RepoRoot { get; init; }

    [Option("--build-network", ImageBuild | ShowContext, "Network for RUN steps (docker build --network), e.g. host.", Value = "MODE", Syntax = Syntax.Network)]
    public string? BuildNetwork { get; init; }

    [Option("--builder", ImageBuild, "BuildKit builder to build with (docker buildx build --builder NAME); a Publish on a builder other than this engine pushes straight from it.", Value = "NAME", Syntax = Syntax.Name, Feeds = nameof(DockerBuildSettings.Builder))]
    public string? Builder { get; init; }

    /// <summary>
    /// Whether --builder's images come back into the engine (docker buildx build --load); null: yes for a run that
    /// only builds, no for a Publish on a builder other than this engine unless RunContainer runs (docs/decisions.md §6.6).
    /// </summary>
    [Option("--load", ImageBuild, "With --builder: on: load the built images into this engine; off: keep them in the builder (its cache); default: on, except a Publish from a builder other than this engine.", Value = "on|off", Syntax = Syntax.OnOff)]
    public bool? Load { get; init; }

    /// <summary>Overlays merged over container/context.yaml in order, as typed (the facts read them, relative to the working directory).</summary>
    [Option("--context", ImageBuild | OptionScope.CiMatrix | ShowContext, "Overlay merged over container/context.yaml (images, versions, sources); repeatable, later wins.", Value = "FILE", Repeatable = true,
        WhenUnused = "--context changes the images, versions and sources of image builds: use it with a build task, CiMatrix or ShowContext.")]
    public IReadOnlyList<string> ContextFiles { get; init; } = [];

    /// <summary>How the plan's image builds run (docs/decisions.md §3, executors).</summary>
    [Option("--executor", ImageBuild, "How image builds run: auto (default: one docker buildx bake when the client has buildx >= 0.29, else one docker build after another), bake or sequential.", Value = "EXECUTOR", Syntax = Syntax.Executor)]
    public ExecutorChoice Executor { get; init; } = ExecutorChoice.Auto;

    [Option("--bake-file", ImageBuild, "Write the plan's bake definition (JSON, for docker buildx bake --file) to FILE; also in a dry run.", Value = "FILE")]
    public string? BakeFile { get; init; }

    [Option("--cache-registry", ImageBuild, "Shared build cache: each image imports and exports its own cache (mode=max) under HOST[:PORT]/NAMESPACE, or gha (GitHub Actions' cache); the branch's, then main's.", Value = "HOST[:PORT]/NS|gha", Syntax = Syntax.CacheRegistry)]
    public CacheRegistry? CacheRegistry { get; init; }

    [Option("--strict-cache", ImageBuild, "A --cache-registry export that fails fails the build (default: BuildKit warns and the build succeeds, ignore-error=true).")]
    public bool StrictCache { get; init; }

    [Option("--provenance", ImageBuild, "Provenance attestation on or off (docker build --provenance); default: the engine's.", Value = "on|off", Syntax = Syntax.OnOff, Feeds = nameof(DockerBuildSettings.Provenance))]
    public bool? Provenance { get; init; }

    [Option("--sbom", ImageBuild, "SBOM attestation on or off (docker build --sbom); default: the engine's.", Value = "on|off", Syntax = Syntax.OnOff, Feeds = nameof(DockerBuildSettings.Sbom))]
    public bool? Sbom { get; init; }

    [Option("--build-flag", ImageBuild, "Pass-through: a docker build flag not mapped here, one word, written --build-flag=--FLAG[=VALUE]; repeatable; a bake carries the flags it has a key for.", Value = "--FLAG[=VALUE]", Syntax = Syntax.BuildFlag, Repeatable = true, Feeds = nameof(DockerBuildSettings.ExtraFlags))]
    public IReadOnlyList<string> BuildFlags { get; init; } = [];

    [Option("--bake-set", ImageBuild, "Pass-through: a bake override TARGET.KEY=VALUE (docker buildx bake --set); repeatable (bake builds).", Value = "TARGET.KEY=VALUE", Syntax = Syntax.BakeSet, Repeatable = true)]
    public IReadOnlyList<string> BakeSets { get; init; } = [];

    public ArchInfo Arch => ArchInfo.FromPlatform(Platform);

    /// <summary>The platforms --platform lists (one, unless a Publish merges several into manifest lists).</summary>
    public IReadOnlyList<string> Platforms => Platform.Split(',');

    /// <summary>
    /// A Publish of several platforms (docs/decisions.md §6.2): every platform --platform listed, in its order, while
    /// <see cref="Platform"/> is the one the run's local images are built for. Empty in every other run.
    /// </summary>
    public IReadOnlyList<string> PublishPlatforms { get; init; } = [];

    /// <summary>
    /// These options plan the builds of a platform other than the local images' (a Publish of several platforms): its
    /// intermediate base images are named per architecture (dynamo-base:&lt;VERSION&gt;-&lt;fw&gt;-&lt;arch&gt;), so
    /// they never replace the local platform's.
    /// </summary>
    public bool OtherPlatform { get; init; }

    /// <summary>
    /// With several platforms (checked by <see cref="ReleaseOptions.CheckPlatforms"/>: only a Publish takes them), the
    /// local images are built for the machine's own architecture when listed, else for the first listed.
    /// </summary>
    /// <param name="nativeArchitecture">The machine's architecture (amd64, arm64), or null when it is neither.</param>
    public BuildOptions WithLocalPlatform(string? nativeArchitecture)
    {
        if (Platforms.Count < 2)
        {
            return this;
        }

        var local = Platforms.FirstOrDefault(p => ArchInfo.FromPlatform(p).Arch == nativeArchitecture) ?? Platforms[0];
        return this with { Platform = local, PublishPlatforms = Platforms };
    }

    public static IReadOnlyList<OptionSpec> Specs => Declared<BuildOptions>.Specs;

    /// <summary>
    /// A repository prefix for every image the suite names itself: NS/dynamo:…, NS/dynamo-base:…, NS/dynamo-epp:… (the
    /// tests build under their own; a user can keep a second set of images beside dynamo:*). Null: the usual names.
    /// </summary>
    [Option("--image-namespace", ImageBuild | RunContainer | Publish | OptionScope.CiMatrix, "Repository prefix of the suite's own image names: NS/dynamo:<VERSION>-<fw>, NS/dynamo-base:…, NS/dynamo-epp:… (a second set of images beside dynamo:*).", Value = "NS", Syntax = Syntax.ImageNamespace)]
    public string? ImageNamespace { get; init; }

    /// <summary>Reads and checks every build option given; the first problem is a <see cref="UsageException"/>.</summary>
    public static BuildOptions Parse(ParsedArguments args)
    {
        var options = Declared<BuildOptions>.Bind(args);

        // Checks that look at several options, in build.sh's order where it had them (docs/decisions.md §1.1).
        ArchInfo.CheckList(options.Platform);

        if (options.DevImage is { } devImage && devImage.TagOrLatest.EndsWith("-local-dev", StringComparison.Ordinal))
        {
            throw new UsageException($"--dev-image '{devImage}' is a local-dev image: give the dev image it was built from.");
        }

        if (options.DevImage is not null && options.BaseImage is not null)
        {
            throw new UsageException("--dev-image cannot be used with --base-image: use --dev-image to build from an existing image or --base-image to build new images.");
        }

        if (options.DevImage is not null && options.Stage is not null)
        {
            throw new UsageException("--stage cannot be used with --dev-image: use --stage to build from scratch or --dev-image to build from an existing image.");
        }

        if (options.Load is not null && options.Builder is null)
        {
            throw new UsageException("--load decides what a --builder sends back to this engine: without --builder, docker build stores the images in the engine itself; name a builder with --builder NAME, or drop --load.");
        }

        if (options.UseSccache && options.SccacheBucket is null)
        {
            throw new UsageException("--sccache-bucket is required when --use-sccache is specified.");
        }

        if (options.UseSccache && options.SccacheRegion is null)
        {
            throw new UsageException("--sccache-region is required when --use-sccache is specified.");
        }

        if (!options.UseSccache && (options.SccacheBucket is not null || options.SccacheRegion is not null))
        {
            throw new UsageException($"{(options.SccacheBucket is not null ? "--sccache-bucket" : "--sccache-region")} is only used with --use-sccache.");
        }

        if (options.Trtllm.UseDefaultExperimentalCommit && (options.Trtllm.Commit is not null || options.Trtllm.PipWheel is not null))
        {
            throw new UsageException("--use-default-experimental-tensorrtllm-commit cannot be combined with --tensorrtllm-commit or --tensorrtllm-pip-wheel.");
        }

        if (options.DevImage is not null && options.Frameworks.Count > 1)
        {
            throw new UsageException("--dev-image builds one local-dev image: give a single --framework.");
        }

        return options;
    }
}

/// <summary>The executor asked for with --executor.</summary>
public enum ExecutorChoice
{
    /// <summary>bake when the docker client can, else sequential with a note.</summary>
    Auto,

    /// <summary>All image builds as one <c>docker buildx bake</c>.</summary>
    Bake,

    /// <summary>One <c>docker build</c> after another (docs/decisions.md §3.1).</summary>
    Sequential,
}
