using Build.CommandLine;
namespace Build.Docker;

/// <summary><c>docker container inspect --format F CONTAINER</c>.</summary>
public sealed record DockerContainerInspectSettings(string Container, string Format) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() =>
        new DockerArgv().Add("container", "inspect", "--format", Format, Container).Items;
}

/// <summary><c>docker container rm [--force] CONTAINER</c>.</summary>
public sealed record DockerContainerRemoveSettings(string Container, bool Force) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() =>
        new DockerArgv().Add("container", "rm").Flag("--force", Force).Add(Container).Items;
}
