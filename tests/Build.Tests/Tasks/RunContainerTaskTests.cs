using Build.Facts;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Build.Docker;
using Build.Frosting;
using Build.Tasks;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Tasks;

/// <summary>
/// RunContainer as a task of the graph, and container/run.sh end to end (bash, bootstrap, host) against a stub docker and
/// a stub nvidia-smi: GPU detection (docs/decisions.md §2.15), no side effects in a dry run (§2.4), a real run executes exactly the
/// printed line, the environment cannot change the run (§2.3).
/// </summary>
public sealed class RunContainerTaskTests
{
    private const string Case19Tail = "--rm --network host --shm-size=10G --ulimit memlock=-1 --ulimit stack=67108864 --ulimit nofile=65536:65536 -w /workspace --cap-add CAP_SYS_PTRACE --ipc host dynamo:latest-vllm";

    [Fact]
    public void RunContainer_is_a_task_without_dependencies()
    {
        Assert.Equal("RunContainer", CakeHost<BuildContext>.TaskName(typeof(RunContainerTask)));
        Assert.Empty(typeof(RunContainerTask).GetCustomAttributes<IsDependentOnAttribute>());
        Assert.Equal(["RunContainer"], BuildHost.Create().ExecutionOrder(["RunContainer"]));
    }

    [Fact]
    public void It_plans_one_docker_run_that_builds_nothing()
    {
        var step = Assert.Single(RunTestHost.Context(["--target", "RunContainer", "--framework", "trtllm"]).Plan.Steps);
        Assert.Equal("RunContainer", step.Task);
        Assert.IsType<DockerRunSettings>(step.Command);
        Assert.Empty(step.Tags);
        Assert.Empty(step.Needs);
    }

    [Fact]
    public void A_run_only_plan_creates_none_of_the_build_directories()
    {
        // trtllm's pip-wheel build needs /tmp/dummy_dir; running a trtllm image does not.
        Assert.Empty(RunTestHost.Context(["--target", "RunContainer", "--framework", "trtllm"]).Plan.Directories);
    }

    [Fact]
    public void Building_and_running_in_one_go_runs_the_image_of_the_stage_just_built()
    {
        var plan = RunTestHost.Context(["--target", "BuildImage", "--target", "RunContainer", "--stage", "runtime", "--no-cache"]).Plan;
        Assert.Equal(["BuildBaseImage", "BuildImage", "RunContainer"], plan.Steps.Select(s => s.Task));
        Assert.Equal("dynamo:latest-vllm-runtime", ((DockerRunSettings)plan.Steps[^1].Command).Image);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Run_sh_dry_run_without_a_gpu_prints_case_19_without_gpus_and_one_warning()
    {
        using var machine = new FakeMachine(gpus: 0);
        var result = HostProcess.RunSh(["--dry-run"], machine.Environment());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"docker run --init {Case19Tail}\n", result.Output);
        var warning = Assert.Single(OtherThanPortWarnings(result), l => l.StartsWith("WARNING:", StringComparison.Ordinal));
        Assert.Contains("no NVIDIA GPU found", warning, StringComparison.Ordinal);
        Assert.True(machine.NvidiaSmiRan);
        Assert.Empty(machine.DockerRuns);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Run_sh_dry_run_with_a_gpu_listed_by_nvidia_smi_prints_case_19()
    {
        using var machine = new FakeMachine(gpus: 1);
        var result = HostProcess.RunSh(["--dry-run"], machine.Environment());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"docker run --init --gpus all {Case19Tail}\n", result.Output);

        // No GPU warning.
        Assert.DoesNotContain(OtherThanPortWarnings(result), l => l.Contains("WARNING", StringComparison.Ordinal));
        Assert.Empty(machine.DockerCalls);
    }

    /// <summary>
    /// The run's stderr lines without the warnings about platform ports another program holds on this machine: the
    /// test does not own 4222/2379/8000, so it checks each such warning itself (the port really is taken) rather than
    /// assuming the ports free.
    /// </summary>
    private static List<string> OtherThanPortWarnings(Run.Result result)
    {
        var others = new List<string>();
        foreach (var line in result.ErrorLines)
        {
            var port = System.Text.RegularExpressions.Regex.Match(line, @"^WARNING: port (4222|2379|8000) \(");
            if (!port.Success)
            {
                others.Add(line);
                continue;
            }

            Assert.True(Build.Facts.PortProbe.InUse(int.Parse(port.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)), "a port warning for a free port: " + line);
        }

        return others;
    }

    [Fact]
    [Trait("Category", "Process")]
    public void The_engines_nvidia_runtime_also_means_gpus_all()
    {
        using var machine = new FakeMachine(gpus: null, engineRuntimes: FakeMachine.WithNvidiaRuntime);
        var result = HostProcess.RunSh(["--dry-run"], machine.Environment());

        Assert.Equal($"docker run --init --gpus all {Case19Tail}\n", result.Output);
        Assert.Equal(["info", "--format", "{{json .Runtimes}}"], Assert.Single(machine.DockerCalls));
    }

    [Fact]
    [Trait("Category", "Process")]
    public void A_dry_run_does_not_need_the_engine()
    {
        using var machine = new FakeMachine(gpus: 0, engineRuntimes: null);
        var result = HostProcess.RunSh(["--dry-run"], machine.Environment());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"docker run --init {Case19Tail}\n", result.Output);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Explicit_gpus_look_for_nothing()
    {
        using var machine = new FakeMachine(gpus: 1);
        var result = HostProcess.RunSh(["--dry-run", "--gpus", "none", "--network", "none"], machine.Environment());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(machine.NvidiaSmiRan);
        Assert.Empty(machine.DockerCalls);
        Assert.DoesNotContain("WARNING", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void A_dry_run_creates_no_directory_and_a_real_run_executes_exactly_the_printed_lines()
    {
        using var machine = new FakeMachine(gpus: 1);
        using var repo = new FakeRepo();
        var workdir = Path.Combine(repo.Root, "container");
        string[] args = ["--mount-workspace", "-v", "./data dir:/data", "-e", "NOTE=two words *", "--", "sh", "-c", "echo \"$NOTE\" 'it''s'"];

        var dry = HostProcess.RunSh(["--dry-run", .. args], machine.Environment(), workingDirectory: workdir);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.False(Directory.Exists(repo.DefaultHfCache));
        Assert.Empty(machine.DockerRuns);
        var lines = ShellSplit(dry.Output);
        Assert.Equal(["mkdir", "-p", repo.DefaultHfCache], lines[0]);
        Assert.Contains($"{repo.Root}:/workspace", lines[1]);
        Assert.Contains($"{repo.Root}/container/data dir:/data", lines[1]);

        var real = HostProcess.RunSh(args, machine.Environment(), workingDirectory: workdir);
        Assert.True(real.ExitCode == 0, real.ToString());
        Assert.True(Directory.Exists(repo.DefaultHfCache));
        Assert.Equal(lines[1][1..], Assert.Single(machine.DockerRuns));
        Assert.Equal("", real.Output);
        Assert.Contains("+ docker run ", real.Error, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Dockers_exit_code_is_the_hosts()
    {
        using var machine = new FakeMachine(gpus: 0);
        var result = HostProcess.RunSh(["--network", "none", "--", "false"], machine.Environment(runExit: "42"));

        // The container's exit code is the host's, with no error framing (docs/decisions.md §5.3): the docker run line alone.
        Assert.Equal(42, result.ExitCode);
        Assert.DoesNotContain(result.ErrorLines, l => l.StartsWith("ERROR:", StringComparison.Ordinal));
        // Besides the run's own WARNING (no GPU found), only the docker run line: no Cake banners, task table or summary.
        Assert.Equal("+ docker run", Assert.Single(result.ErrorLines, l => l.Trim().Length > 0 && !l.StartsWith("WARNING: ", StringComparison.Ordinal))[..12]);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Under_GitHub_Actions_a_real_run_writes_its_log_groups_and_cake_output_to_stderr_only()
    {
        using var machine = new FakeMachine(gpus: 0);
        var environment = machine.Environment();
        environment["GITHUB_ACTIONS"] = "true";
        environment["GITHUB_STEP_SUMMARY"] = Path.Combine(machine.Dir, "summary.md");
        var result = HostProcess.BuildSh(["--target", "RunContainer", "--gpus", "none", "--network", "none", "--verbosity", "verbose"], environment);

        // The process's standard output is the container's: the stub docker writes nothing, so nothing is there.
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Output);
        Assert.Contains("::group::RunContainer", result.ErrorLines);
        Assert.Contains("::endgroup::", result.ErrorLines);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("+ docker run ", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("Task", StringComparison.Ordinal) && l.Contains("Duration", StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Variables_read_by_accident_change_nothing()
    {
        using var machine = new FakeMachine(gpus: 1);
        var environment = machine.Environment();
        foreach (var (name, value) in new[] { ("NAME", "leaked"), ("RM", "false"), ("ENTRYPOINT", "/bin/false"), ("TARGET", "runtime"), ("FRAMEWORK", "sglang"), ("HF_HOME", "/tmp/leaked-hf"), ("USER", "root") })
        {
            environment[name] = value;
        }

        var result = HostProcess.RunSh(["--dry-run"], environment);
        Assert.Equal($"docker run --init --gpus all {Case19Tail}\n", result.Output);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void A_platform_port_in_use_under_host_networking_gets_one_warning_line_naming_it()
    {
        using var machine = new FakeMachine(gpus: 1);
        // The test holds 4222 itself whenever it can, so the warning does not depend on another program keeping it
        // (another test run on this machine may hold it briefly: wait for it rather than rely on it).
        TcpListener? listener = null;
        for (var attempt = 0; listener is null && attempt < 50; attempt++)
        {
            try
            {
                listener = new TcpListener(IPAddress.Loopback, 4222);
                listener.Start();
            }
            catch (SocketException)
            {
                listener = null;
                Thread.Sleep(200);
            }
        }

        Assert.True(listener is not null || Build.Facts.PortProbe.InUse(4222), "could not hold port 4222 for the test");

        try
        {
            var result = HostProcess.RunSh(["--dry-run"], machine.Environment());
            Assert.True(result.ExitCode == 0, result.ToString());
            var warning = Assert.Single(result.ErrorLines, l => l.Contains("4222", StringComparison.Ordinal));
            Assert.StartsWith("WARNING: port 4222 (NATS) is already in use", warning, StringComparison.Ordinal);

            var bridge = HostProcess.RunSh(["--dry-run", "--network", "bridge"], machine.Environment());
            Assert.DoesNotContain("4222", bridge.Error, StringComparison.Ordinal);
        }
        finally
        {
            listener?.Stop();
        }
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Plan_json_shows_the_run()
    {
        using var machine = new FakeMachine(gpus: 1);
        var json = Path.Combine(machine.Dir, "plan.json");
        var result = HostProcess.BuildSh(["--target", "RunContainer", "--dry-run", "--plan-json", json, "--image", "my:img", "--", "a b"], machine.Environment());

        Assert.True(result.ExitCode == 0, result.ToString());
        var step = Assert.Single(JObject.Parse(File.ReadAllText(json))["steps"]!);
        Assert.Equal("DockerRunSettings", (string?)step["settings"]);
        Assert.Equal(["my:img", "a b"], step["argv"]!.Select(t => (string)t!).TakeLast(2));
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Run_sh_help_exits_0_and_runs_nothing()
    {
        using var machine = new FakeMachine(gpus: 1);
        var result = HostProcess.RunSh(["--help"], machine.Environment());

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("usage: run.sh", result.Output, StringComparison.Ordinal);
        Assert.Empty(machine.DockerCalls);
        Assert.False(machine.NvidiaSmiRan);
    }

    /// <summary>Splits dry-run lines the way a POSIX shell does.</summary>
    private static IReadOnlyList<string[]> ShellSplit(string lines) =>
        lines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => HostProcess.Start("python3", ["-c", "import json,shlex,sys; print(json.dumps(shlex.split(sys.argv[1])))", line], Path.GetTempPath()))
            .Select(r => JArray.Parse(r.Output).Select(t => (string)t!).ToArray())
            .ToList();
}
