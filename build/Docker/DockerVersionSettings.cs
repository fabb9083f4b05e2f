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

/// <summary>
/// <c>docker buildx inspect [--bootstrap] [NAME]</c>: a builder's driver, nodes, their status and platforms (the
/// current builder without a name). Without --bootstrap it only reads: nothing is started or created.
/// </summary>
public sealed record DockerBuildxInspectSettings(string? Name, bool Bootstrap) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() =>
        new DockerArgv().Add("buildx", "inspect").Flag("--bootstrap", Bootstrap).Add(Name is null ? [] : [Name]).Items;
}

/// <summary><c>docker context show</c>: the name of the context (engine) the client talks to; client-only.</summary>
public sealed record DockerContextShowSettings : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => new DockerArgv().Add("context", "show").Items;
}
