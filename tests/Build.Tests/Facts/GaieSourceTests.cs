using Build.Facts;
using Build.Tests.Support;

namespace Build.Tests.Facts;

/// <summary>An unreachable GAIE remote is the machine's problem, not bad input: its own error class, exit 1, not 2.</summary>
public sealed class GaieSourceTests
{
    private static readonly string Closed = "http://127.0.0.1:9/none.git";

    [Fact]
    public void An_unreachable_remote_is_an_environment_error_while_the_facts_are_read()
    {
        var e = Assert.Throws<EnvironmentException>(() => TestHost.Context(["--target", "BuildEpp", "--gaie-git", Closed, "--gaie-ref", "main", "--dry-run"]));

        Assert.StartsWith($"--gaie-git '{Closed}': cannot list its references (", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void The_host_reports_it_in_one_line_with_exit_1_and_prints_no_command()
    {
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "BuildEpp", "--gaie-git", Closed, "--gaie-ref", "main", "--dry-run"], RepoPaths.Root, new Dictionary<string, string?>());

        Assert.Equal(EnvironmentException.ExitCode, result.ExitCode);
        Assert.NotEqual(2, result.ExitCode);
        Assert.StartsWith($"ERROR: --gaie-git '{Closed}': cannot list its references (", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }
}
