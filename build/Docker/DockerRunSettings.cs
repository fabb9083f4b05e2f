using Build.CommandLine;
namespace Build.Docker;

/// <summary>
/// <c>docker run</c>. Every flag is mapped here, in run.sh's fixed order and spelling (docs/decisions.md §1.6), so a
/// dry-run line compares word for word with the worked cases (§1.9).
/// </summary>
public sealed record DockerRunSettings : DockerCommand
{
    public required string Image { get; init; }

    /// <summary>The GPU request (--gpus), e.g. all or device=0; null for none.</summary>
    public string? Gpus { get; init; }

    /// <summary>Keep standard input open (-i).</summary>
    public bool Interactive { get; init; }

    /// <summary>Allocate a terminal (-t); only with <see cref="Interactive"/> (-it).</summary>
    public bool Tty { get; init; }

    /// <summary>
    /// Run an init as the container's PID 1 (--init), which passes signals on to the command: a signal the host
    /// forwards (docs/decisions.md §4.2) stops even a command that installs no handler, as PID 1 would ignore it.
    /// </summary>
    public bool Init { get; init; }

    /// <summary>Remove the container when it exits (--rm).</summary>
    public bool Remove { get; init; }

    public required string Network { get; init; }

    public string? Runtime { get; init; }

    public string? ShmSize { get; init; }

    /// <summary>--ulimit values, e.g. memlock=-1.</summary>
    public IReadOnlyList<string> Ulimits { get; init; } = [];

    /// <summary>-e values: KEY=VALUE, or KEY to pass the host's variable through by name.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>-v values: SOURCE:TARGET[:OPTIONS].</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];

    /// <summary>--mount values (<see cref="BindMount"/>): the bind mounts whose host path -v cannot hold.</summary>
    public IReadOnlyList<string> Mounts { get; init; } = [];

    /// <summary>-p values: [IP:]HOST:CONTAINER[/PROTO].</summary>
    public IReadOnlyList<string> Ports { get; init; } = [];

    public string? Workdir { get; init; }

    /// <summary>Capabilities added (--cap-add), e.g. CAP_SYS_PTRACE.</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public string? Ipc { get; init; }

    public bool Privileged { get; init; }

    public string? User { get; init; }

    public string? Name { get; init; }

    public string? Entrypoint { get; init; }

    /// <summary>The container's command and its arguments (after the image), each exactly one word.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    public override IReadOnlyList<CommandArgument> ToArguments()
    {
        var argv = new DockerArgv().Add("run")
            .Flag("--init", Init)
            .Option("--gpus", Gpus);
        if (Interactive)
        {
            argv.Add(Tty ? "-it" : "-i");
        }

        argv.Flag("--rm", Remove)
            .Add("--network", Network)
            .Option("--runtime", Runtime);
        if (ShmSize is not null)
        {
            argv.Add($"--shm-size={ShmSize}");
        }

        argv.Each("--ulimit", Ulimits)
            .Each("-e", Environment)
            .Each("-v", Volumes)
            .Each("--mount", Mounts)
            .Each("-p", Ports)
            .Option("-w", Workdir)
            .Each("--cap-add", CapAdd)
            .Option("--ipc", Ipc)
            .Flag("--privileged", Privileged)
            .Option("--user", User)
            .Option("--name", Name)
            .Option("--entrypoint", Entrypoint)
            .Add(Image);
        return argv.Add([.. Command]).Items;
    }
}
