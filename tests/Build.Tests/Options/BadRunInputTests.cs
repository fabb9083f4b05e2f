using Build.FrontDoor;
using Build.Options;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>
/// Every invalid RunContainer option, value or combination is one line naming the option and what is accepted, exit 2,
/// and no docker command (docs/decisions.md §1.6, §2.5, §2.17).
/// </summary>
[Trait("Category", "Process")]
public sealed class BadRunInputTests : IClassFixture<WarmHost>
{
    /// <summary>Host command lines (after --target RunContainer unless they name their targets), with the text the error must contain.</summary>
    public static TheoryData<string[], string> HostCases => new()
    {
        { ["--frobnicate"], "Unknown option '--frobnicate'" },
        { ["--image"], "--image requires a value" },
        { ["--privileged", "--dry-run"], "--privileged requires a value" },
        { ["--port", "8000:8000"], "--port '8000:8000' with --network host: docker ignores published ports" },
        { ["--volume", "/data"], "-v/--volume '/data' must be HOST_PATH:CONTAINER_PATH" },
        { ["--volume", "/data:data"], "the container path 'data' must be absolute" },
        { ["--volume", "/data:"], "-v/--volume '/data:'" },
        { ["--volume", "data/x:/data"], "'data/x' is neither a host path" },
        { ["--volume", "/a:/b:ro:z"], "-v/--volume '/a:/b:ro:z'" },
        { ["--interactive=yes"], "--interactive takes no value" },
        { ["--framework", "bogus"], "--framework 'bogus'" },
        { ["--framework", "vllm,sglang"], "--framework 'vllm,sglang': RunContainer runs one image" },
        { ["--framework", "all"], "RunContainer runs one image" },
        { ["--no-cache"], "--no-cache is a build option" },
        { ["--tag", "my:tag"], "--tag is a build option" },
        { ["--dry-run", "positional"], "Unexpected argument 'positional'" },
    };

    /// <summary>Run options or '--' without RunContainer.</summary>
    public static TheoryData<string[], string> NotRunningCases => new()
    {
        { ["--image", "my:img"], "--image is a RunContainer option: use --target RunContainer" },
        { ["--target", "BuildRuntime", "--mount-workspace"], "--mount-workspace is a RunContainer option" },
        { ["--dry-run", "--", "bash"], "'--' is only for RunContainer's container command" },
        { ["--target", "BuildImage", "--hf-cache", "/x"], "--hf-home is a RunContainer option" },
    };

    [Theory]
    [MemberData(nameof(HostCases))]
    public void Host_rejects_bad_run_input_with_one_line_naming_the_option(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => RunTestHost.Context(["--target", "RunContainer", .. args]));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [MemberData(nameof(NotRunningCases))]
    public void Run_options_need_the_RunContainer_target(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => RunTestHost.Context(args));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The original run.sh's command lines that must fail (docs/decisions.md §2.5, §2.16).</summary>
    public static TheoryData<string[], string> SeedCases => new()
    {
        { ["--dry-run", "--framework", "bogus"], "--framework 'bogus'" },
        { ["--dry-run", "--image"], "--image requires a value" },
        { ["--dry-run", "bash"], "Unexpected argument 'bash'" },
        { ["--privileged", "--dry-run"], "--privileged requires a value" },
        { ["--rm", "maybe", "--dry-run"], "--rm 'maybe' must be true or false" },
        { ["--dry-run", "-i"], "-i alone is not supported" },
        { ["--dry-run", "-t"], "-t alone is not supported" },
        { ["--dry-run", "-w", "/x"], "Unknown option '-w'" },
        { ["--dry-run", "-v", "/data"], "-v/--volume '/data'" },
        { ["--dry-run", "-p", "8000:8000"], "-p '8000:8000' with --network host" },
        { ["--dry-run", "--network", "bridge", "-p", "8000"], "-p '8000' must be [IP:]HOST:CONTAINER" },
        { ["--dry-run", "--network", "container:"], "--network 'container:'" },
        { ["--dry-run", "--user", "a b"], "--user 'a b'" },
        { ["--dry-run", "--stage", "runtime"], "Unknown option '--stage'" },
    };

    [Theory]
    [MemberData(nameof(SeedCases))]
    public void Seed_front_door_rejects_bad_input_before_planning(string[] args, string expected)
    {
        var error = Assert.Throws<UsageException>(() => RunTestHost.Context(SeedRunArguments.Translate(args, TextWriter.Null)!));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>For real, through container/run.sh: exit 2, one ERROR line, and neither docker nor nvidia-smi ran.</summary>
    [Theory]
    [MemberData(nameof(SeedCases))]
    public void Seed_script_exits_2_with_one_error_line_and_runs_no_docker_command(string[] args, string expected)
    {
        using var machine = new FakeMachine(gpus: 1);
        var result = HostProcess.RunSh(args, machine.Environment());

        Assert.True(result.ExitCode == 2, result.ToString());
        var error = Assert.Single(result.ErrorLines, l => l.StartsWith("ERROR:", StringComparison.Ordinal));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(machine.DockerCalls);
        Assert.False(machine.NvidiaSmiRan);
        Assert.DoesNotContain("docker", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "8000:8000")]
    [InlineData("--image", "Bad Image")]
    [InlineData("--volume", "/x:rel")]
    public void Host_script_exits_2_and_runs_no_docker_command(params string[] args)
    {
        using var machine = new FakeMachine(gpus: 1);
        var result = HostProcess.BuildSh(["--target", "RunContainer", .. args], machine.Environment());

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Single(result.ErrorLines, l => l.StartsWith("ERROR:", StringComparison.Ordinal) && l.Contains(args[0].TrimStart('-'), StringComparison.Ordinal));
        Assert.Empty(machine.DockerCalls);
    }
}
