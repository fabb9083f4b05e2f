using Build.CommandLine;
namespace Build.Docker;

/// <summary>
/// <c>docker build</c> (or <c>docker buildx build</c> with a named builder). Each setting is described once, by its
/// <see cref="BuildSettingAttribute"/>: <see cref="BuildSettingRenderer"/> writes this command's argv and the bake
/// target from those descriptions, in declaration order.
/// </summary>
public sealed record DockerBuildSettings : DockerCommand
{
    [BuildSetting(null, "context", SettingForm.Positional)]
    public required string ContextPath { get; init; }

    [BuildSetting("-f", "dockerfile", SettingForm.Scalar, Alias = "--file")]
    public required string File { get; init; }

    [BuildSetting("--target", "target", SettingForm.Scalar)]
    public string? Target { get; init; }

    /// <summary>OS/ARCH[,OS/ARCH...]: one value, as docker build and bake's platforms take it.</summary>
    [BuildSetting("--platform", "platforms", SettingForm.List)]
    public string? Platform { get; init; }

    /// <summary>Networking for RUN steps; host needs bake's network.host entitlement.</summary>
    [BuildSetting("--network", "network", SettingForm.Scalar, Entitlement = "network.host", EntitledValue = "host")]
    public string? Network { get; init; }

    /// <summary>A BuildKit builder (docker buildx build --builder NAME --load).</summary>
    [BuildSetting("--builder", null, SettingForm.Command)]
    public string? Builder { get; init; }

    /// <summary>
    /// The docker context whose engine <see cref="Builder"/> is (docker --context NAME buildx ...): buildx builds on a
    /// docker-driver builder only from its own context; null for every other builder.
    /// </summary>
    [BuildSetting("--context", null, SettingForm.Command)]
    public string? Context { get; init; }

    /// <summary>buildx's name of the engine's own builder (docker driver); buildx reserves it.</summary>
    public const string EngineBuilder = "default";

    /// <summary>Built by the engine's own builder (docker driver): no --builder, or --builder default.</summary>
    public bool OnEngineBuilder => Builder is null or EngineBuilder;

    [BuildSetting("--build-arg", "args", SettingForm.Map)]
    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];

    /// <summary>BuildKit secret specs (id=NAME,env=VAR); they name where the value is, never the value.</summary>
    [BuildSetting("--secret", "secret", SettingForm.List, Secret = true)]
    public IReadOnlyList<string> Secrets { get; init; } = [];

    [BuildSetting("--cache-from", "cache-from", SettingForm.List)]
    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    [BuildSetting("--cache-to", "cache-to", SettingForm.List)]
    public IReadOnlyList<string> CacheTo { get; init; } = [];

    [BuildSetting("--tag", "tags", SettingForm.List)]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Named build contexts (name=path).</summary>
    [BuildSetting("--build-context", "contexts", SettingForm.Map, BakeAfter = "args")]
    public IReadOnlyList<KeyValuePair<string, string>> BuildContexts { get; init; } = [];

    [BuildSetting("--label", "labels", SettingForm.Map)]
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    [BuildSetting("--no-cache", "no-cache", SettingForm.Flag)]
    public bool NoCache { get; init; }

    /// <summary>Exporters (docker build --output), e.g. type=image,name=REG/REPO:TAG,push=true; none means the engine's image store.</summary>
    [BuildSetting("--output", "output", SettingForm.List)]
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>OCI annotations (--annotation), e.g. manifest:org.opencontainers.image.version=1.0; only exporters that push record them.</summary>
    [BuildSetting("--annotation", "annotations", SettingForm.List)]
    public IReadOnlyList<string> Annotations { get; init; } = [];

    /// <summary>Provenance attestation (--provenance=true|false); null leaves it to the engine's default.</summary>
    [BuildSetting("--provenance", "attest", SettingForm.Attestation, AttestOn = "type=provenance,mode=min", AttestOff = "type=provenance,disabled=true")]
    public bool? Provenance { get; init; }

    /// <summary>SBOM attestation (--sbom=true|false); null leaves it to the engine's default.</summary>
    [BuildSetting("--sbom", "attest", SettingForm.Attestation, AttestOn = "type=sbom", AttestOff = "type=sbom,disabled=true")]
    public bool? Sbom { get; init; }

    /// <summary>Where buildx writes the build's metadata (the pushed image's digest).</summary>
    [BuildSetting("--metadata-file", null, SettingForm.Scalar, NoBakeKey = "a bake writes one metadata file for all its targets")]
    public string? MetadataFile { get; init; }

    /// <summary>The size of /dev/shm for RUN steps.</summary>
    [BuildSetting("--shm-size", "shm-size", SettingForm.Scalar)]
    public string? ShmSize { get; init; }

    /// <summary>Extra /etc/hosts entries for RUN steps (HOST:IP; bake's extra-hosts maps HOST to IP).</summary>
    [BuildSetting("--add-host", "extra-hosts", SettingForm.Map, Separator = ":")]
    public IReadOnlyList<KeyValuePair<string, string>> ExtraHosts { get; init; } = [];

    /// <summary>Resource limits of RUN steps (NAME=SOFT[:HARD]).</summary>
    [BuildSetting("--ulimit", "ulimits", SettingForm.List)]
    public IReadOnlyList<string> Ulimits { get; init; } = [];

    /// <summary>SSH agent sockets or keys RUN --mount=type=ssh reads (default, or ID=PATH[,PATH]); a bake needs the ssh entitlement, and fs.read for each path.</summary>
    [BuildSetting("--ssh", "ssh", SettingForm.List, Entitlement = "ssh", ReadsPaths = true)]
    public IReadOnlyList<string> Ssh { get; init; } = [];

    /// <summary>Pull every FROM image, even one the builder has.</summary>
    [BuildSetting("--pull", "pull", SettingForm.Flag)]
    public bool Pull { get; init; }

    /// <summary>Stages built without the cache.</summary>
    [BuildSetting("--no-cache-filter", "no-cache-filter", SettingForm.List)]
    public IReadOnlyList<string> NoCacheFilter { get; init; } = [];

    /// <summary>The user's own docker build flags (--build-flag), passed word for word after the mapped ones.</summary>
    [BuildSetting(null, null, SettingForm.PassThrough)]
    public IReadOnlyList<string> ExtraFlags { get; init; } = [];

    public override IReadOnlyList<CommandArgument> ToArguments()
    {
        var argv = new DockerArgv();
        if (Builder is null)
        {
            argv.Add("build");
        }
        else
        {
            // --load puts the image into the engine's store, as docker build does; an explicit --output replaces it.
            argv.Option("--context", Context).Add("buildx", "build", "--builder", Builder).Flag("--load", Outputs.Count == 0);
        }

        return BuildSettingRenderer.Flags(argv, this).Items;
    }
}
