using System.Diagnostics;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Execution;

/// <summary>
/// A signal is never lost (docs/decisions.md §4.1): SIGTERM or SIGINT at many points of the first second after a
/// child starts — the real docker build and buildx bake on the real engine (whose buildx plugin starts a moment
/// after the docker client), sent to the host's own pid and to its process group — stops the run within seconds
/// with 128 + the signal, leaves nothing running under the host, moves no tag and writes the report.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SignalTimingTests : IClassFixture<WarmHost>
{
    /// <summary>Points of the first second after the child appeared, in milliseconds.</summary>
    public static readonly TheoryData<int> Moments = new() { 0, 20, 60, 120, 200, 300, 450, 650, 1000 };

    [Theory]
    [MemberData(nameof(Moments))]
    public void A_TERM_to_the_host_at_any_moment_of_a_docker_build_stops_it(int milliseconds) =>
        SignalDuringBuild("sequential", milliseconds, "TERM", group: false);

    [Theory]
    [MemberData(nameof(Moments))]
    public void A_TERM_to_the_host_at_any_moment_of_a_bake_stops_it(int milliseconds) =>
        SignalDuringBuild("bake", milliseconds, "TERM", group: false);

    [Theory]
    [InlineData(0)]
    [InlineData(120)]
    [InlineData(450)]
    public void An_INT_to_the_group_at_any_moment_of_a_docker_build_stops_it(int milliseconds) =>
        SignalDuringBuild("sequential", milliseconds, "INT", group: true);

    [Theory]
    [InlineData(0)]
    [InlineData(120)]
    [InlineData(450)]
    public void An_INT_to_the_group_at_any_moment_of_a_bake_stops_it(int milliseconds) =>
        SignalDuringBuild("bake", milliseconds, "INT", group: true);

    private static void SignalDuringBuild(string executor, int milliseconds, string signal, bool group)
    {
        using var repo = new TempGitRepo();
        var id = Guid.NewGuid().ToString("N")[..12];
        var container = RepoPaths.MakeContainerFolder(repo.Path);

        // A build that runs for a minute and then fails: a lost signal shows as a run that outlives the wait below.
        File.WriteAllText(Path.Combine(container, "Dockerfile"), $"FROM local/debian:bookworm AS dev\nRUN echo {id} && sleep 60 && false\n");
        repo.Commit("the slow image");
        var ns = TestRun.Namespace($"signal-{executor}-{milliseconds}");
        var tag = $"{ns}/dynamo:x";
        var report = Path.Combine(repo.Path, "report.json");
        try
        {
            var result = SignalledHost.Run(
                [Path.Combine(RepoPaths.Root, "build.sh"), "--repo-root", repo.Path, "--framework", "none", "--tag", tag,
                    "--build-network", "host", "--report-json", report, "--executor", executor, "--image-namespace", ns],
                child: argv => argv is [_, "build", ..] or [_, "buildx", "bake", ..] && argv[0].EndsWith("/docker", StringComparison.Ordinal),
                TimeSpan.FromMilliseconds(milliseconds), signal, group);

            var code = signal == "INT" ? 130 : 143;
            Assert.True(result.Exit == code, $"exit {result.Exit} ({result.AfterSignal} after the signal)\n{result.Output}\n{result.Error}");
            Assert.True(result.AfterSignal < TimeSpan.FromSeconds(40), $"the run ended {result.AfterSignal} after the signal: it was lost");
            Assert.Empty(result.LeftRunning);
            Assert.Null(DockerCli.ImageId(tag));
            Assert.Null(DockerCli.ImageId($"{ns}/dynamo:latest-none"));
            var json = JObject.Parse(File.ReadAllText(report));
            Assert.Equal($"SIG{signal}", (string?)json["interruptedBy"]);
            Assert.False((bool)json["succeeded"]!);
        }
        finally
        {
            DockerCli.Cli("image", "rm", tag, $"{ns}/dynamo:latest-none");
        }
    }
}

/// <summary>The real host started in a process group of its own, signalled a given time after a child of a kind appeared.</summary>
public static class SignalledHost
{
    /// <summary>
    /// Restores SIGINT's default (a background job of a non-interactive shell starts with it ignored; a terminal's
    /// process does not) and makes the host the leader of its own process group, so the group can be signalled alone.
    /// </summary>
    private const string OwnGroup = "import signal, os, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.setpgid(0, 0); os.execvp(sys.argv[1], sys.argv[1:])";

    public sealed record Result(int Exit, TimeSpan AfterSignal, string Output, string Error, IReadOnlyList<int> LeftRunning);

    public static Result Run(IReadOnlyList<string> argv, Func<string[], bool> child, TimeSpan delay, string signal, bool group, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo("python3", ["-c", OwnGroup, .. argv])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        using var host = Process.Start(info)!;
        var output = host.StandardOutput.ReadToEndAsync();
        var error = host.StandardError.ReadToEndAsync();
        try
        {
            // The moment the child of that kind appears under the host (polled every few milliseconds).
            var clock = Stopwatch.StartNew();
            while (!Descendants(host.Id).Any(pid => child(Argv(pid))))
            {
                if (host.HasExited || clock.Elapsed > TimeSpan.FromSeconds(120))
                {
                    host.WaitForExit();
                    Assert.Fail($"no such child appeared (exit {(host.HasExited ? host.ExitCode : -1)}): {output.Result}\n{error.Result}");
                }

                Thread.Sleep(2);
            }

            Thread.Sleep(delay);
            var seen = Descendants(host.Id).ToList();
            var kill = Support.Run.Process("kill", [$"-{signal}", "--", group ? $"-{host.Id}" : host.Id.ToString()]);
            Assert.True(kill.ExitCode == 0, kill.ToString());
            var signalled = Stopwatch.StartNew();
            Assert.True(host.WaitForExit(TimeSpan.FromSeconds(90)), "the host did not exit within 90 s of the signal");
            var after = signalled.Elapsed;
            host.WaitForExit();
            var left = seen.Where(pid => File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal)).ToList();
            return new Result(host.ExitCode, after, output.Result, error.Result, left);
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>A process's argv (empty once it is gone).</summary>
    public static string[] Argv(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (IOException)
        {
            return [];
        }
    }

    public static IEnumerable<int> Descendants(int pid)
    {
        string[] tasks;
        try
        {
            tasks = Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            yield break;
        }

        foreach (var task in tasks)
        {
            string children;
            try
            {
                children = File.ReadAllText($"{task}/children");
            }
            catch (IOException)
            {
                continue;
            }

            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
            {
                yield return child;
                foreach (var grandchild in Descendants(child))
                {
                    yield return grandchild;
                }
            }
        }
    }
}

/// <summary>
/// container/run.sh signalled at many points of the first second after its docker run starts (the container created,
/// not yet started, or just started): the host removes a container docker run left (docs/decisions.md §4.2), so the
/// next run with the same --name does not fail with a conflict.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RunSignalTimingTests(RunContainerSupport.RunTestEngine engine) : IClassFixture<RunContainerSupport.RunTestEngine>, IClassFixture<WarmHost>
{
    [Theory]
    [InlineData(0, "TERM", false)]
    [InlineData(20, "TERM", false)]
    [InlineData(60, "TERM", false)]
    [InlineData(120, "TERM", false)]
    [InlineData(200, "TERM", false)]
    [InlineData(350, "TERM", false)]
    [InlineData(600, "TERM", false)]
    [InlineData(0, "INT", true)]
    [InlineData(120, "INT", true)]
    [InlineData(350, "INT", true)]
    public void A_signal_at_any_moment_of_docker_run_leaves_no_container(int milliseconds, string signal, bool group)
    {
        var name = TestRun.ContainerName("signal-run");
        try
        {
            var result = SignalledHost.Run(
                [Path.Combine(RepoPaths.Container, "run.sh"), .. engine.Base(), "--name", name, "--", "sleep", "600"],
                child: argv => argv is [_, "run", ..] && argv[0].EndsWith("/docker", StringComparison.Ordinal),
                TimeSpan.FromMilliseconds(milliseconds), signal, group);

            Assert.True(result.Exit == (signal == "INT" ? 130 : 143), $"exit {result.Exit}\n{result.Output}\n{result.Error}");
            // About 1 s idle (5 s when the host waits for a create still under way); a lost signal runs the container's 600 s.
            Assert.True(result.AfterSignal < TimeSpan.FromSeconds(80), $"the run ended {result.AfterSignal} after the signal");
            Assert.Empty(result.LeftRunning);

            // --rm removes a container that ran asynchronously: wait for the engine to say it is gone.
            var clock = Stopwatch.StartNew();
            var left = Containers(name);
            while (left.Length > 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                Thread.Sleep(100);
                left = Containers(name);
            }

            Assert.True(left.Length == 0, $"left a container: {left}\n{result.Error}");
        }
        finally
        {
            DockerCli.Cli("rm", "--force", name);
        }
    }

    /// <summary>
    /// The real docker client's window made wide: a wrapper <c>docker</c> runs <c>docker run</c> as the real client does
    /// (create, then start attached), taking a signal that comes in between as its proxy does then (sent to a container
    /// that does not run yet: lost). The host passes the signal to the container once it runs, so the run ends at once
    /// instead of when the container's 600 s command ends.
    /// </summary>
    [Fact]
    public void A_signal_docker_run_got_before_its_container_started_reaches_the_container()
    {
        var name = TestRun.ContainerName("signal-lost");
        var wrapper = Directory.CreateTempSubdirectory("docker-wrapper-");
        var real = Support.Run.Process("bash", ["-c", "command -v docker"]).Output.Trim();
        var ready = Path.Combine(wrapper.FullName, "ready");
        File.WriteAllText(Path.Combine(wrapper.FullName, "docker"), $$"""
            #!/bin/bash
            [ "$1" = run ] || exec {{real}} "$@"
            shift
            id=$({{real}} create "$@") || exit 125
            trap 'signalled=1' TERM INT
            touch {{ready}}
            until [ -n "$signalled" ]; do sleep 0.05; done
            exec {{real}} start --attach "$id"
            """);
        File.SetUnixFileMode(Path.Combine(wrapper.FullName, "docker"), (UnixFileMode)0b111_101_101);
        try
        {
            var result = SignalledHost.Run(
                [Path.Combine(RepoPaths.Container, "run.sh"), .. engine.Base(), "--name", name, "--", "sleep", "600"],
                child: _ => File.Exists(ready),
                TimeSpan.Zero, "TERM", group: false,
                new Dictionary<string, string?> { ["PATH"] = wrapper.FullName + ":" + Environment.GetEnvironmentVariable("PATH") });

            Assert.True(result.Exit == 143, $"exit {result.Exit}\n{result.Output}\n{result.Error}");
            Assert.Contains($"{name} started as the SIGTERM came, which docker run could not pass on: sending it to the container", result.Error + result.Output);
            // About 0.5 s idle; a host that waited for docker run before asking the engine would take 30 s or 600 s.
            Assert.True(result.AfterSignal < TimeSpan.FromSeconds(25), $"the run ended {result.AfterSignal} after the signal");
            Assert.Empty(result.LeftRunning);
        }
        finally
        {
            DockerCli.Cli("rm", "--force", name);
            wrapper.Delete(recursive: true);
        }
    }

    private static string Containers(string name) =>
        DockerCli.Cli("ps", "--all", "--format", "{{.Names}} {{.Status}}", "--filter", $"name=^{name}$").Output.Trim();
}
