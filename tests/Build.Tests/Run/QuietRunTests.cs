using Build.Tests.Support;

namespace Build.Tests.RunContainer;

/// <summary>
/// container/run.sh on the real engine, through pipes: the docker run line and the container's output only, its exit
/// code as the host's, no escape bytes; an engine that refuses the fixed ulimits gets the flags to retry with.
/// </summary>
[Trait("Category", "Integration")]
public sealed class QuietRunTests
{
    private const string Image = "local/debian:bookworm";

    private static readonly Dictionary<string, string?> Terminalish = new() { ["TERM"] = "xterm-256color", ["NO_COLOR"] = null };

    /// <summary>
    /// The engine, before the first container: its lists are recorded for the hygiene check (TestRun.EngineBefore) by
    /// the first test that asks, and a container of this class must not be running then.
    /// </summary>
    public QuietRunTests() => DockerCli.Require();

    private static Build.Tests.Support.Run.Result RunSh(params string[] args) =>
        Build.Tests.Support.Run.Process(Path.Combine(RepoPaths.Container, "run.sh"), args, RepoPaths.Root, Terminalish);

    [Fact]
    public void A_container_exiting_non_zero_prints_its_output_and_the_run_line_only()
    {
        var limits = HardLimitFlags();
        var result = RunSh([.. new[] { "--image", Image, "--gpus", "none", "--network", "none" }, .. limits, "--", "sh", "-c", "echo out; echo err >&2; exit 7"]);

        Assert.Equal(7, result.ExitCode);
        Assert.Equal("out\n", result.Output);
        Assert.Equal(2, result.ErrorLines.Count);
        Assert.StartsWith("+ docker run ", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal("err", result.ErrorLines[1]);
        Assert.DoesNotContain('\u001b', result.Output + result.Error);
    }

    [Fact]
    public void Limits_the_engine_refuses_end_with_the_flags_to_retry_with_and_those_flags_work()
    {
        var limits = HardLimitFlags();
        var asked = RunSh("--image", Image, "--gpus", "none", "--network", "none", "--", "echo", "ok");
        Assert.DoesNotContain('\u001b', asked.Output + asked.Error);
        if (limits.Length == 0)
        {
            // This machine's hard limits are at or above the fixed ones: the engine takes them, the run just runs.
            Assert.True(asked.ExitCode == 0, asked.ToString());
            Assert.Equal("ok\n", asked.Output);
            Assert.StartsWith("+ docker run ", Assert.Single(asked.ErrorLines), StringComparison.Ordinal);
            return;
        }

        // Lower hard limits (this machine's engine: nofile 20000): the engine refuses, the last line names the flags.
        Assert.True(asked.ExitCode == 125, asked.ToString());
        var last = asked.ErrorLines[^1];
        Assert.StartsWith("ERROR: docker could not start the container (exit 125).", last, StringComparison.Ordinal);
        Assert.EndsWith("retry with " + string.Join(" ", limits), last, StringComparison.Ordinal);

        var retried = RunSh([.. new[] { "--image", Image, "--gpus", "none", "--network", "none" }, .. limits, "--", "echo", "ok"]);
        Assert.Equal(0, retried.ExitCode);
        Assert.Equal("ok\n", retried.Output);
    }

    /// <summary>The --ulimit flags this machine's hard limits allow, read independently of the host (bash's ulimit -H).</summary>
    private static string[] HardLimitFlags()
    {
        var result = Build.Tests.Support.Run.Bash("echo $(ulimit -Hl) $(ulimit -Hn)");
        var parts = result.Output.Trim().Split(' ');
        var flags = new List<string>();
        if (parts[0] != "unlimited")
        {
            flags.AddRange(["--ulimit", $"memlock={long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 1024}"]);
        }

        if (parts[1] != "unlimited" && long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) < 65536)
        {
            flags.AddRange(["--ulimit", $"nofile={parts[1]}:{parts[1]}"]);
        }

        return [.. flags];
    }
}
