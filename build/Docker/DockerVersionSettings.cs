using Build.CommandLine;
namespace Build.Docker;

/// <summary><c>docker version [--format F]</c>: client and engine versions.</summary>
public sealed record DockerVersionSettings(string? Format = null) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => new DockerArgv().Add("version").Option("--format", Format).Items;
}

/// <summary><c>docker info [--format F]</c>: engine facts (runtimes, driver).</summary>
public sealed record DockerInfoSettings(string? Format = null) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => new DockerArgv().Add("info").Option("--format", Format).Items;
}

/// <summary><c>docker buildx version</c>: whether the client has the buildx plugin (BuildKit).</summary>
public sealed record DockerBuildxVersionSettings : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => new DockerArgv().Add("buildx", "version").Items;
}
