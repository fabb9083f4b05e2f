namespace Build.CommandLine;

/// <summary>One element of an argv. A secret one is shown as [REDACTED] in every log line.</summary>
public readonly record struct CommandArgument(string Value, bool IsSecret = false)
{
    public static implicit operator CommandArgument(string value) => new(value);
}

/// <summary>
/// A program with its argv list: a docker invocation (Build.Docker) or a step on the host (git clone, git apply,
/// cp, ...). Each renders as one pasteable POSIX shell line, which is what the dry run prints and what the real
/// run does.
/// </summary>
public abstract record ArgvCommand
{
    /// <summary>The argv after the program, e.g. ["build", "-f", ...] for docker.</summary>
    public abstract IReadOnlyList<CommandArgument> ToArguments();

    /// <summary>The program the argv is for; null means the docker client.</summary>
    public virtual string? Program => null;

    /// <summary>The POSIX shell line equivalent to what a real run executes.</summary>
    public virtual string ShellLine(string docker) => ShellQuoting.CommandLine(Program ?? docker, ToArguments());
}
