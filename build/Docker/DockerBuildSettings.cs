using Build.CommandLine;
namespace Build.Docker;

/// <summary><c>docker build</c> (or <c>docker buildx build</c> with a named builder). Every flag is mapped here.</summary>
public sealed record DockerBuildSettings : DockerCommand
{
    public required string File { get; init; }

    public required string ContextPath { get; init; }

    public string? Target { get; init; }

    public string? Platform { get; init; }

    /// <summary>Networking for RUN steps (docker build --network).</summary>
    public string? Network { get; init; }

    /// <summary>A BuildKit builder (docker buildx build --builder NAME --load).</summary>
    public string? Builder { get; init; }

    /// <summary>buildx's name of the engine's own builder (docker driver); buildx reserves it.</summary>
    public const string EngineBuilder = "default";

    /// <summary>Built by the engine's own builder (docker driver): no --builder, or --builder default.</summary>
    public bool OnEngineBuilder => Builder is null or EngineBuilder;

    public IReadOnlyList<KeyValuePair<string, string>> BuildArgs { get; init; } = [];

    /// <summary>BuildKit secret specs (id=NAME,env=VAR); they name where the value is, never the value.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    public IReadOnlyList<string> CacheFrom { get; init; } = [];

    public IReadOnlyList<string> CacheTo { get; init; } = [];

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Named build contexts (name=path).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BuildContexts { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    public bool NoCache { get; init; }

    /// <summary>Exporters (docker build --output), e.g. type=image,name=REG/REPO:TAG,push=true; none means the engine's image store.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];

    /// <summary>OCI annotations (--annotation), e.g. manifest:org.opencontainers.image.version=1.0; only exporters that push record them.</summary>
    public IReadOnlyList<string> Annotations { get; init; } = [];

    /// <summary>Provenance attestation (--provenance=true|false); null leaves it to the engine's default.</summary>
    public bool? Provenance { get; init; }

    /// <summary>SBOM attestation (--sbom=true|false); null leaves it to the engine's default.</summary>
    public bool? Sbom { get; init; }

    /// <summary>Where buildx writes the build's metadata (the pushed image's digest).</summary>
    public string? MetadataFile { get; init; }

    /// <summary>The user's own docker build flags (--build-flag), passed word for word after the mapped ones.</summary>
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
            argv.Add("buildx", "build", "--builder", Builder).Flag("--load", Outputs.Count == 0);
        }

        argv.Add("-f", File)
            .Option("--target", Target)
            .Option("--platform", Platform)
            .Option("--network", Network);
        foreach (var (key, value) in BuildArgs)
        {
            argv.Add("--build-arg", $"{key}={value}");
        }

        foreach (var secret in Secrets)
        {
            argv.Secret("--secret", secret);
        }

        argv.Each("--cache-from", CacheFrom)
            .Each("--cache-to", CacheTo)
            .Each("--tag", Tags);
        foreach (var (name, path) in BuildContexts)
        {
            argv.Add("--build-context", $"{name}={path}");
        }

        foreach (var (key, value) in Labels)
        {
            argv.Add("--label", $"{key}={value}");
        }

        argv.Flag("--no-cache", NoCache)
            .Each("--output", Outputs)
            .Each("--annotation", Annotations)
            .Option("--provenance", Provenance is { } provenance ? (provenance ? "true" : "false") : null)
            .Option("--sbom", Sbom is { } sbom ? (sbom ? "true" : "false") : null)
            .Option("--metadata-file", MetadataFile);
        return argv.Add([.. ExtraFlags]).Add(ContextPath).Items;
    }
}
