using System.Text.RegularExpressions;
using Build.Planning;

namespace Build.Options;

/// <summary>The TensorRT-LLM wheel options (reference §1.6); only valid with the trtllm framework.</summary>
public sealed record TrtllmOptions(
    string WheelDir,
    string? Commit,
    string? PipWheel,
    string IndexUrl,
    string? GitUrl,
    bool UseDefaultExperimentalCommit,
    bool NixlKvcacheExperimental)
{
    public const string DefaultWheelDir = "/tmp/trtllm_wheel/";
    public const string DefaultExperimentalCommit = "0c9430e5a530ba958fc9dca561a3ad865ad9f492";
    public const string DefaultPipWheel = "tensorrt-llm==1.1.0rc5";
    public const string DefaultIndexUrl = "https://pypi.python.org/simple";

    /// <summary>The commit the wheel must match: the explicit one, or the default experimental commit (decisions §2.10).</summary>
    public string? EffectiveCommit => UseDefaultExperimentalCommit ? DefaultExperimentalCommit : Commit;

    /// <summary>Option 2 of the original: install a pip wheel (the default when neither wheel nor commit is set).</summary>
    public string? EffectivePipWheel => PipWheel ?? (EffectiveCommit is null ? DefaultPipWheel : null);
}

/// <summary>The build options: the original build.sh's, with the same names, values and defaults, plus the suite's own.</summary>
public sealed partial record BuildOptions
{
    public IReadOnlyList<Framework> Frameworks { get; init; } = [Framework.Vllm];

    /// <summary>The docker stage given with --stage (the original's --target); null means dev without a tag suffix.</summary>
    public string? Stage { get; init; }

    public string Platform { get; init; } = "linux/amd64";

    public string? BaseImage { get; init; }

    public string? BaseImageTag { get; init; }

    public ImageReference? Tag { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];

    public bool NoCache { get; init; }

    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    public IReadOnlyList<string> CacheTo { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> BuildContexts { get; init; } = [];

    public IReadOnlyList<string> Secrets { get; init; } = [];

    public bool ReleaseBuild { get; init; }

    public bool EnableKvbm { get; init; }

    public bool MakeEfa { get; init; }

    public bool UseSccache { get; init; }

    public string? SccacheBucket { get; init; }

    public string? SccacheRegion { get; init; }

    public int? Uid { get; init; }

    public int? Gid { get; init; }

    public ImageReference? DevImage { get; init; }

    public TrtllmOptions Trtllm { get; init; } = new(TrtllmOptions.DefaultWheelDir, null, null, TrtllmOptions.DefaultIndexUrl, null, false, false);

    public bool DryRun { get; init; }

    public string? PlanJson { get; init; }

    public string? ReportJson { get; init; }

    public string? DockerPath { get; init; }

    public string? RepoRoot { get; init; }

    public string? BuildNetwork { get; init; }

    public string? Builder { get; init; }

    /// <summary>--image-namespace: NAMESPACE/dynamo:…, NAMESPACE/dynamo-base:…, NAMESPACE/dynamo-epp:… instead of dynamo:… (null: the usual names).</summary>
    public string? ImageNamespace { get; init; }

    public ArchInfo Arch => ArchInfo.FromPlatform(Platform);

    public static readonly IReadOnlyList<OptionSpec> Specs =
    [
        new("--framework", OptionArity.Value, "vllm (default), trtllm, sglang or none, any case; a comma-separated list or 'all' builds several.", "FW"),
        new("--stage", OptionArity.Value, "Docker stage to build (the original's --target): dev, runtime, local-dev, ...; with BuildImage.", "STAGE"),
        new("--platform", OptionArity.Value, "Platform for docker build (default linux/amd64; linux/arm64 sets ARCH=arm64).", "OS/ARCH"),
        new("--base-image", OptionArity.Value, "Override the framework's base image.", "IMAGE"),
        new("--base-image-tag", OptionArity.Value, "Override the framework's base image tag.", "TAG"),
        new("--tag", OptionArity.Value, "Tag for the image instead of dynamo:<VERSION>-<fw>[-<stage>] (latest tag still added).", "IMAGE:TAG"),
        new("--build-arg", OptionArity.Value, "Extra build arg KEY=VALUE; repeatable; wins over the suite's value for KEY.", "KEY=VALUE", Repeatable: true),
        new("--no-cache", OptionArity.Flag, "Build without the docker cache."),
        new("--cache-from", OptionArity.Value, "Cache source (docker --cache-from); repeatable.", "SPEC", Repeatable: true),
        new("--cache-to", OptionArity.Value, "Cache export (docker --cache-to); repeatable; needs buildx.", "SPEC", Repeatable: true),
        new("--build-context", OptionArity.Value, "Named build context NAME=PATH; repeatable; needs buildx.", "NAME=PATH", Repeatable: true),
        new("--secret", OptionArity.Value, "Extra BuildKit secret id=ID,env=VAR or id=ID,src=FILE; repeatable.", "SPEC", Repeatable: true),
        new("--release-build", OptionArity.Flag, "Perform a release build (RELEASE_BUILD=true)."),
        new("--enable-kvbm", OptionArity.Flag, "Enable KVBM (always on for vllm and trtllm)."),
        new("--make-efa", OptionArity.Flag, "Enable EFA support for NIXL (EFA UCX ref)."),
        new("--use-sccache", OptionArity.Flag, "Use sccache (needs --sccache-bucket, --sccache-region and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)."),
        new("--sccache-bucket", OptionArity.Value, "S3 bucket for sccache.", "BUCKET"),
        new("--sccache-region", OptionArity.Value, "S3 region for sccache.", "REGION"),
        new("--uid", OptionArity.Value, "User ID for local-dev images (default: yours).", "UID"),
        new("--gid", OptionArity.Value, "Group ID for local-dev images (default: yours).", "GID"),
        new("--dev-image", OptionArity.Value, "Build a local-dev image from this existing dev image.", "IMAGE"),
        new("--tensorrtllm-pip-wheel-dir", OptionArity.Value, "Directory with a prebuilt TensorRT-LLM wheel and commit.txt (default /tmp/trtllm_wheel/).", "DIR"),
        new("--tensorrtllm-commit", OptionArity.Value, "TensorRT-LLM commit the wheel in the wheel dir must match.", "COMMIT"),
        new("--use-default-experimental-tensorrtllm-commit", OptionArity.Flag, $"Use the default experimental commit ({TrtllmOptions.DefaultExperimentalCommit})."),
        new("--tensorrtllm-pip-wheel", OptionArity.Value, $"TensorRT-LLM pip requirement (default {TrtllmOptions.DefaultPipWheel}).", "REQ"),
        new("--tensorrtllm-index-url", OptionArity.Value, "Package index for the TensorRT-LLM wheel.", "URL"),
        new("--tensorrtllm-git-url", OptionArity.Value, "TensorRT-LLM git URL (for wheels built from source).", "URL"),
        new("--trtllm-use-nixl-kvcache-experimental", OptionArity.Flag, "Enable NIXL KV cache experimental support for TensorRT-LLM."),
        new("--dry-run", OptionArity.Flag, "Print the commands as shell lines and run nothing."),
        new("--plan-json", OptionArity.Value, "Write the plan (every docker command) as JSON to FILE.", "FILE"),
        new("--report-json", OptionArity.Value, "After a real run, write what was built as JSON to FILE.", "FILE"),
        new("--docker-path", OptionArity.Value, "The docker client to run (default: docker on PATH).", "PATH"),
        new("--repo-root", OptionArity.Value, "Repository root holding container/ (default: found from the working directory).", "DIR"),
        new("--build-network", OptionArity.Value, "Network for RUN steps (docker build --network), e.g. host.", "MODE"),
        new("--builder", OptionArity.Value, "BuildKit builder to build with (docker buildx build --builder NAME --load).", "NAME"),
        new("--image-namespace", OptionArity.Value, "Repository prefix of the suite's own image names: NS/dynamo:<VERSION>-<fw>, NS/dynamo-base:…, NS/dynamo-epp:… (a second set of images beside dynamo:*).", "NS"),
    ];

    public static readonly IReadOnlyList<string> TrtllmOnlyOptions =
    [
        "--tensorrtllm-pip-wheel-dir", "--tensorrtllm-commit", "--use-default-experimental-tensorrtllm-commit",
        "--tensorrtllm-pip-wheel", "--tensorrtllm-index-url", "--tensorrtllm-git-url", "--trtllm-use-nixl-kvcache-experimental",
    ];

    /// <summary>Reads and checks every build option; the first problem is a <see cref="UsageException"/>.</summary>
    public static BuildOptions Parse(ParsedArguments args)
    {
        var frameworks = ParseFrameworks(args.Value("--framework"));
        var options = new BuildOptions
        {
            Frameworks = frameworks,
            Stage = ParseStage(args.Value("--stage")),
            Platform = ParsePlatform(args.Value("--platform"), args.Value("--builder")),
            BaseImage = args.Value("--base-image"),
            BaseImageTag = args.Value("--base-image-tag"),
            Tag = ParseReference("--tag", args.Value("--tag")),
            BuildArgs = args.Values("--build-arg").Select(v => ParsePair("--build-arg", v, "KEY=VALUE", BuildArgKey())).ToList(),
            NoCache = args.Has("--no-cache"),
            CacheFrom = args.Values("--cache-from"),
            CacheTo = args.Values("--cache-to"),
            BuildContexts = args.Values("--build-context").Select(v => ParsePair("--build-context", v, "NAME=PATH", ContextName())).ToList(),
            Secrets = args.Values("--secret").Select(ParseSecret).ToList(),
            ReleaseBuild = args.Has("--release-build"),
            EnableKvbm = args.Has("--enable-kvbm"),
            MakeEfa = args.Has("--make-efa"),
            UseSccache = args.Has("--use-sccache"),
            SccacheBucket = args.Value("--sccache-bucket"),
            SccacheRegion = args.Value("--sccache-region"),
            Uid = ParseId("--uid", args.Value("--uid")),
            Gid = ParseId("--gid", args.Value("--gid")),
            DevImage = ParseDevImage(args.Value("--dev-image")),
            Trtllm = new TrtllmOptions(
                args.Value("--tensorrtllm-pip-wheel-dir") ?? TrtllmOptions.DefaultWheelDir,
                args.Value("--tensorrtllm-commit"),
                args.Value("--tensorrtllm-pip-wheel"),
                args.Value("--tensorrtllm-index-url") ?? TrtllmOptions.DefaultIndexUrl,
                args.Value("--tensorrtllm-git-url"),
                args.Has("--use-default-experimental-tensorrtllm-commit"),
                args.Has("--trtllm-use-nixl-kvcache-experimental")),
            DryRun = args.Has("--dry-run"),
            PlanJson = args.Value("--plan-json"),
            ReportJson = args.Value("--report-json"),
            DockerPath = args.Value("--docker-path"),
            RepoRoot = args.Value("--repo-root"),
            BuildNetwork = args.Value("--build-network"),
            Builder = args.Value("--builder"),
            ImageNamespace = ParseImageNamespace(args.Value("--image-namespace")),
        };

        // Checks that look at several options, in the original's order (reference §1.3) where it had them.
        if (options.DevImage is not null && options.BaseImage is not null)
        {
            throw new UsageException("--dev-image cannot be used with --base-image: use --dev-image to build from an existing image or --base-image to build new images.");
        }

        if (options.DevImage is not null && options.Stage is not null)
        {
            throw new UsageException("--stage cannot be used with --dev-image: use --stage to build from scratch or --dev-image to build from an existing image.");
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

        var trtllmOption = TrtllmOnlyOptions.FirstOrDefault(args.Has);
        if (trtllmOption is not null && !frameworks.Contains(Framework.Trtllm))
        {
            throw new UsageException($"{trtllmOption} only applies to --framework trtllm (framework is {string.Join(",", frameworks)}).");
        }

        if (options.Trtllm.UseDefaultExperimentalCommit && (options.Trtllm.Commit is not null || options.Trtllm.PipWheel is not null))
        {
            throw new UsageException("--use-default-experimental-tensorrtllm-commit cannot be combined with --tensorrtllm-commit or --tensorrtllm-pip-wheel.");
        }

        if (options.DevImage is not null && frameworks.Count > 1)
        {
            throw new UsageException("--dev-image builds one local-dev image: give a single --framework.");
        }

        return options;
    }

    private static IReadOnlyList<Framework> ParseFrameworks(string? value)
    {
        if (value is null)
        {
            return [Framework.Vllm];
        }

        if (value.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return Framework.All;
        }

        var list = new List<Framework>();
        foreach (var name in value.Split(',', StringSplitOptions.TrimEntries))
        {
            var framework = Framework.Find(name)
                ?? throw new UsageException($"--framework '{name}' is not a framework: use vllm, trtllm, sglang, none (any case), a comma-separated list of them, or all.");
            if (!list.Contains(framework))
            {
                list.Add(framework);
            }
        }

        return list;
    }

    private static string? ParseStage(string? value)
    {
        if (value is not null && !StageName().IsMatch(value))
        {
            throw new UsageException($"--stage '{value}' is not a stage name (letters, digits, '-', '_', '.'), e.g. dev, runtime or local-dev.");
        }

        return value;
    }

    private static string ParsePlatform(string? value, string? builder)
    {
        if (value is null)
        {
            return "linux/amd64";
        }

        var platforms = value.Split(',');
        foreach (var platform in platforms)
        {
            if (!PlatformPattern().IsMatch(platform))
            {
                throw new UsageException($"--platform '{platform}' is not OS/ARCH[/VARIANT], e.g. linux/amd64 or linux/arm64.");
            }
        }

        if (platforms.Length > 1)
        {
            if (builder is null)
            {
                throw new UsageException($"--platform '{value}' lists several platforms: the default docker builder loads one platform per image; build one platform at a time, or name a multi-platform BuildKit builder with --builder.");
            }

            if (platforms.Select(p => ArchInfo.FromPlatform(p).Arch).Distinct().Count() > 1)
            {
                throw new UsageException($"--platform '{value}' mixes architectures, but ARCH/ARCH_ALT are one value per build: build each architecture separately.");
            }
        }

        return value;
    }

    /// <summary>An image reference option: parsed by the distribution grammar; digests only where a pinned image makes sense.</summary>
    internal static ImageReference? ParseReference(string option, string? value, bool allowDigest = false)
    {
        if (value is null)
        {
            return null;
        }

        if (!ImageReference.TryParse(value, out var reference, out var why))
        {
            throw new UsageException($"{option} '{value}' is not an image reference: {why}.");
        }

        if (reference.Digest is not null && !allowDigest)
        {
            throw new UsageException($"{option} '{value}' has a digest: give a name with an optional tag, e.g. my/img:tag.");
        }

        return reference;
    }

    /// <summary>A namespace is good when NS/dynamo-base:tag is an image reference without a registry-only or upper-case part.</summary>
    private static string? ParseImageNamespace(string? value)
    {
        if (value is not null && (value.Length == 0 || value.EndsWith('/') || value.Any(char.IsUpper) || !ImageReference.TryParse($"{value}/dynamo-base:t", out var reference, out _)
            || reference.Repository != $"{value}/dynamo-base"))
        {
            throw new UsageException($"--image-namespace '{value}' is not a repository prefix: lower-case path components separated by '/', e.g. team or localhost:5000/team.");
        }

        return value;
    }

    private static ImageReference? ParseDevImage(string? value)
    {
        var reference = ParseReference("--dev-image", value);
        if (reference is not null && reference.TagOrLatest.EndsWith("-local-dev", StringComparison.Ordinal))
        {
            throw new UsageException($"--dev-image '{value}' is a local-dev image: give the dev image it was built from.");
        }

        return reference;
    }

    private static KeyValuePair<string, string> ParsePair(string option, string value, string form, Regex keyPattern)
    {
        var eq = value.IndexOf('=');
        if (eq <= 0)
        {
            throw new UsageException($"{option} '{value}' must be {form}.");
        }

        var key = value[..eq];
        if (!keyPattern.IsMatch(key))
        {
            throw new UsageException($"{option} '{value}': '{key}' is not a valid name in {form}.");
        }

        return new(key, value[(eq + 1)..]);
    }

    private static string ParseSecret(string value)
    {
        var fields = value.Split(',').Select(f => f.Split('=', 2)).ToList();
        if (fields.Any(f => f.Length != 2 || f[1].Length == 0) || !fields.Any(f => f[0] == "id")
            || fields.Any(f => f[0] is not ("id" or "env" or "src" or "source" or "type")))
        {
            throw new UsageException($"--secret '{value}' must be id=ID,env=VARIABLE or id=ID,src=FILE (the value itself never goes on the command line).");
        }

        return value;
    }

    private static int? ParseId(string option, string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            throw new UsageException($"{option} '{value}' must be a numeric ID from 0 to {int.MaxValue}.");
        }

        return id;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex BuildArgKey();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex ContextName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex StageName();

    [GeneratedRegex("^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$")]
    private static partial Regex PlatformPattern();
}

/// <summary>ARCH/ARCH_ALT as the Dockerfiles use them, from the (first) platform, parsed rather than substring-matched.</summary>
public sealed record ArchInfo(string Arch, string ArchAlt, bool IsArm64)
{
    public static ArchInfo FromPlatform(string platform)
    {
        var arch = platform.Split(',')[0].Split('/')[1];
        return arch is "arm64" or "aarch64"
            ? new ArchInfo("arm64", "aarch64", true)
            : new ArchInfo("amd64", "x86_64", false);
    }
}
