using Build.Docker;
using Build.Execution;

namespace Build.Planning;

/// <summary>
/// One command of the plan: a docker invocation (<see cref="DockerCommand"/>) or a step on the host
/// (<see cref="HostCommand"/>: git clone, git apply, cp, ...). Each renders as one pasteable POSIX shell
/// line, which is what the dry run prints and what the real run does.
/// </summary>
public abstract record PlanCommand
{
    /// <summary>The argv after the program, e.g. ["build", "-f", ...] for docker.</summary>
    public abstract IReadOnlyList<DockerArgument> ToArguments();

    /// <summary>The program the argv is for; null means the docker client.</summary>
    public virtual string? Program => null;

    /// <summary>The POSIX shell line equivalent to what a real run executes.</summary>
    public virtual string ShellLine(string docker) => ShellQuoting.CommandLine(Program ?? docker, ToArguments());
}
