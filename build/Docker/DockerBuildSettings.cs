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

    public override IReadOnlyList<CommandArgument> ToArguments()
    {
        var argv = new DockerArgv();
        if (Builder is null)
        {
            argv.Add("build");
        }
        else
        {
            argv.Add("buildx", "build", "--builder", Builder, "--load");
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

        return argv.Flag("--no-cache", NoCache).Add(ContextPath).Items;
    }
}
