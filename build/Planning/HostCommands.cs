using Build.CommandLine;
using Build.Docker;

namespace Build.Planning;

/// <summary>
/// A plan step that runs on the host instead of in docker (a clone, a patch, a copy). The real run executes it in
/// C# (build/Execution/HostStepRunner.cs; git apply with the git executable); the dry run prints the POSIX shell
/// line that does the same, so the printed lines are a script a person can paste.
/// </summary>
public abstract record HostCommand : ArgvCommand
{
    public abstract override string Program { get; }
}

/// <summary><c>rm -rf DIR</c>: a stale build folder from an earlier run.</summary>
public sealed record RemoveDirectoryCommand(string Directory) : HostCommand
{
    public override string Program => "rm";

    public override IReadOnlyList<CommandArgument> ToArguments() => [new("-rf"), new("--"), new(Directory)];
}

/// <summary><c>mkdir -p DIR</c>.</summary>
public sealed record MakeDirectoryCommand(string Directory) : HostCommand
{
    public override string Program => "mkdir";

    public override IReadOnlyList<CommandArgument> ToArguments() => [new("-p"), new("--"), new(Directory)];
}

/// <summary><c>cp SOURCE DESTINATION</c> (a file; the destination is the file's new path).</summary>
public sealed record CopyFileCommand(string Source, string Destination) : HostCommand
{
    public override string Program => "cp";

    public override IReadOnlyList<CommandArgument> ToArguments() => [new("--"), new(Source), new(Destination)];
}

/// <summary><c>git clone --no-checkout URL DIR</c> (LibGit2Sharp's Repository.Clone in a real run).</summary>
public sealed record GitCloneCommand(string Url, string Directory) : HostCommand
{
    public override string Program => "git";

    public override IReadOnlyList<CommandArgument> ToArguments() => [new("clone"), new("--no-checkout"), new("--"), new(Url), new(Directory)];
}

/// <summary><c>git -C DIR checkout --detach COMMIT</c> (LibGit2Sharp's Commands.Checkout in a real run).</summary>
public sealed record GitCheckoutCommand(string Directory, string Commit) : HostCommand
{
    public override string Program => "git";

    public override IReadOnlyList<CommandArgument> ToArguments() =>
        [new("-C"), new(Directory), new("-c"), new("advice.detachedHead=false"), new("checkout"), new("--detach"), new(Commit)];
}

/// <summary>
/// <c>git apply PATCH</c> in DIR, tolerant of a patch already applied and exact about it (docs/decisions.md §2.19): a patch that
/// applies is applied; one that does not but whose reverse applies is already applied (reported, skipped); any other
/// is an error naming the patch. The shell line does the same: <c>check &amp;&amp; apply || reverse-check</c>.
/// </summary>
public sealed record GitApplyCommand(string Directory, string Patch) : HostCommand
{
    public override string Program => "git";

    /// <summary>The apply itself; <see cref="CheckArguments"/> and <see cref="ReverseCheckArguments"/> come before it.</summary>
    public override IReadOnlyList<CommandArgument> ToArguments() => Git("apply");

    public IReadOnlyList<CommandArgument> CheckArguments() => Git("apply", "--check");

    public IReadOnlyList<CommandArgument> ReverseCheckArguments() => Git("apply", "--reverse", "--check");

    public override string ShellLine(string docker) =>
        $"{ShellQuoting.CommandLine(Program, CheckArguments())} && {ShellQuoting.CommandLine(Program, ToArguments())} || {ShellQuoting.CommandLine(Program, ReverseCheckArguments())}";

    private CommandArgument[] Git(params string[] words) => [new("-C"), new(Directory), .. words.Select(w => new CommandArgument(w)), new(Patch)];
}
