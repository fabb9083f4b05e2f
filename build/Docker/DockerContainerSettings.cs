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

/// <summary><c>docker container kill --signal SIGNAL CONTAINER</c>.</summary>
public sealed record DockerContainerKillSettings(string Container, string Signal) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() =>
        new DockerArgv().Add("container", "kill", "--signal", Signal, Container).Items;
}

/// <summary>
/// <c>docker events --since S --until U --filter type=container --filter container=NAME --format F</c>: the engine's
/// past events of one container between two moments (returns at once when U is not in the future).
/// </summary>
public sealed record DockerContainerEventsSettings(string Container, DateTimeOffset Since, DateTimeOffset Until, string Format) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => new DockerArgv()
        .Add("events", "--since", Unix(Since), "--until", Unix(Until), "--filter", "type=container", "--filter", $"container={Container}", "--format", Format)
        .Items;

    private static string Unix(DateTimeOffset moment) => moment.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
