using System.Diagnostics;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Execution;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP to the real host (./build.sh execs it) during a real docker build on the real engine:
/// the host stops its children and waits for them, no tag appears or moves, the report says what was cancelled,
/// the exit code is 128 + the signal (docs/decisions.md §4.1); a signal during a clone stops the transfer at once. And
/// container/run.sh under timeout leaves no container (§4.2).
/// </summary>
[Trait("Category", "Integration")]
public sealed class InterruptionTests(RunTestEngine engine, Xunit.Abstractions.ITestOutputHelper log) : IClassFixture<RunTestEngine>, IClassFixture<WarmHost>
{
    /// <summary>
    /// How long the host may take to end after a signal. Measured on 2 idle cores: about 1-2 s for a build (docker
    /// cancels the solve), under 1 s for a clone or run.sh; at load 20-26, over 30 s at times. 120 s is far above
    /// both, and far below what an uncancelled child takes (the build and the container run 600 s).
    /// </summary>
    private static readonly TimeSpan ExitLimit = TimeSpan.FromSeconds(120);

    /// <summary>
    /// The host as a terminal's or CI runner's process starts, whatever runs the tests: a background job of a
    /// non-interactive shell starts with SIGINT ignored, and a run under nohup with SIGHUP ignored (an ignored signal
    /// stays ignored across exec, and the host rightly leaves it so).
    /// </summary>
    private const string WithDefaultSignals = "import signal, os, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); signal.signal(signal.SIGHUP, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])";

    [Theory]
    [InlineData("INT", 130, "sequential")]
    [InlineData("TERM", 143, "sequential")]
    [InlineData("HUP", 129, "sequential")]
    [InlineData("INT", 130, "bake")]
    [InlineData("TERM", 143, "bake")]
    public async Task A_signal_during_a_build_stops_docker_moves_no_tag_reports_the_cancelled_build_and_exits_128_plus_the_signal(string signal, int exitCode, string executor)
    {
        using var repo = new TempGitRepo();
        var id = Guid.NewGuid().ToString("N")[..12];
        var tag = TestRun.Image("signal", id);

        // A build that takes ten minutes and then fails: were the signal lost, still no tag would move.
        var container = RepoPaths.MakeContainerFolder(repo.Path);
        File.WriteAllText(Path.Combine(container, "Dockerfile"), $"FROM local/debian:bookworm AS dev\nRUN echo {id} && sleep 600 && false\n");
        repo.Commit("the slow image");
        // A namespace per case: the cases' tags, and so their tag locks (docs/decisions.md §4.5), are apart.
        var ns = TestRun.Namespace($"signal-{signal.ToLowerInvariant()}-{executor}");
        var latest = $"{ns}/dynamo:latest-none";
        var latestBefore = DockerCli.ImageId(latest);
        var report = Path.Combine(repo.Path, "report.json");
        try
        {
            using var host = Process.Start(new ProcessStartInfo("python3",
                ["-c", WithDefaultSignals, Path.Combine(RepoPaths.Root, "build.sh"), "--repo-root", repo.Path, "--framework", "none",
                    "--tag", tag, "--build-network", "host", "--report-json", report, "--executor", executor, "--image-namespace", ns])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = host.StandardOutput.ReadToEndAsync();
            var error = host.StandardError.ReadToEndAsync();

            // Wait until docker's build is under way (the solve has started its RUN step), then signal the host alone.
            // (The build's own docker-buildx, not the short `docker buildx version` the host asks first.)
            IReadOnlyList<int> children;
            try
            {
                children = WaitForDescendant(host, "docker-buildx", ExitLimit);
                WaitForProcess($"echo {id} && sleep 600", host, ExitLimit);
            }
            catch (Exception e) when (e is TimeoutException or Xunit.Sdk.XunitException)
            {
                var ended = host.HasExited ? $"the host ended with exit {host.ExitCode}" : $"under the host:\n{Tree(host.Id)}\n{Stop(host)}";
                Assert.Fail($"{e.Message}; {ended}\n{await output}\n{await error}");
                throw;
            }

            if (host.HasExited)
            {
                // (Read only now: awaiting the host's stderr waits for the host to end.)
                Assert.Fail("the host ended before it was signalled: " + await error);
            }

            Assert.Equal(0, Run.Process("kill", [$"-{signal}", host.Id.ToString()]).ExitCode);
            var clock = Stopwatch.StartNew();
            if (!host.WaitForExit(ExitLimit))
            {
                // What still ran, and what the host had said, tell where the signal was lost.
                Assert.Fail($"the host did not exit within {ExitLimit.TotalSeconds} s of the signal; under it:\n{Tree(host.Id)}\n{Stop(host)}\n{await output}\n{await error}");
            }

            log.WriteLine($"the host exited {clock.Elapsed.TotalSeconds:0.0} s after the signal");
            var (stdout, stderr) = (await output, await error);
            Assert.True(host.ExitCode == exitCode, $"exit {host.ExitCode}\n{stdout}\n{stderr}");

            // Every child the host had (docker, its buildx plugin) is gone; the build's tags neither appeared nor moved.
            Assert.All(children, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"child {pid} is still running"));
            Assert.Null(DockerCli.ImageId(tag));
            Assert.Equal(latestBefore, DockerCli.ImageId(latest));
            var stopped = executor == "bake" ? "docker buildx" : "docker build";
            Assert.Contains($"ERROR: interrupted by SIG{signal}: {stopped} stopped, nothing after it ran", stderr, StringComparison.Ordinal);

            var json = JObject.Parse(File.ReadAllText(report));
            Assert.Equal($"SIG{signal}", (string?)json["interruptedBy"]);
            Assert.False((bool)json["succeeded"]!);
            var image = Assert.Single((JArray)json["images"]!);
            Assert.True((bool)image["cancelled"]!);
            Assert.Equal([tag, latest], image["tags"]!.Select(t => (string)t!));
            Assert.Equal(JTokenType.Null, image["imageId"]!.Type);
        }
        finally
        {
            DockerCli.Cli("image", "rm", tag);
        }
    }

    [Fact]
    public async Task A_signal_during_a_clone_stops_the_transfer_at_once_and_leaves_no_clone()
    {
        // A GAIE repository of incompressible files served over git:// at 256 KB/s: the transfer takes ~2 minutes, the
        // signal comes 1 s into it.
        var gaie = Directory.CreateTempSubdirectory("gaie-big-").FullName;
        var server = (Process?)null;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                File.WriteAllBytes(Path.Combine(gaie, $"blob{i}"), System.Security.Cryptography.RandomNumberGenerator.GetBytes(10 << 20));
            }

            var setup = Run.Bash("git init -q . && git add . && git -c user.name=t -c user.email=t@t commit -qm big && git tag v0.5.1 && git rev-parse HEAD", gaie);
            Assert.True(setup.ExitCode == 0, setup.ToString());
            var clone = Path.Combine(RepoPaths.Root, ".build", "epp", $"gaie-{setup.Output.Trim()[..12]}");

            server = ParentBoundProcess.Start("python3", ["-u", "-c", SlowGitServer, (256 << 10).ToString(System.Globalization.CultureInfo.InvariantCulture),
                "git", "daemon", "--inetd", "--export-all", $"--base-path={Path.GetDirectoryName(gaie)}", gaie]);
            var port = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var url = $"git://127.0.0.1:{port}/{Path.GetFileName(gaie)}";

            using var host = Process.Start(new ProcessStartInfo("python3",
                ["-c", WithDefaultSignals, Path.Combine(RepoPaths.Root, "build.sh"), "--target", "BuildEpp", "--gaie-git", url, "--gaie-ref", "v0.5.1",
                    "--epp-builder-image", "local/golang:bookworm", "--epp-base-image", LocalBuildInputs.BaseImage, "--image-namespace", TestRun.Namespace("clone-signal")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var (output, error) = (host.StandardOutput.ReadToEndAsync(), host.StandardError.ReadToEndAsync());

            // libgit2 creates the clone's directory when the transfer starts (the host's output to a pipe may come later).
            var wait = Stopwatch.StartNew();
            while (!Directory.Exists(clone) && !host.HasExited && wait.Elapsed < ExitLimit)
            {
                Thread.Sleep(50);
            }

            Thread.Sleep(TimeSpan.FromSeconds(1));
            if (host.HasExited || !Directory.Exists(clone))
            {
                // (Read only now: awaiting the host's output waits for the host to end.)
                Assert.Fail($"the host ended, or no clone started in {clone}, before the signal: " + await output + await error);
            }

            var kill = Run.Process("kill", ["-INT", host.Id.ToString()]);
            var clock = Stopwatch.StartNew();
            Assert.True(kill.ExitCode == 0, kill.ToString());
            // Within the limit, the clone did not run on: it had about 2 minutes left.
            Assert.True(host.WaitForExit(TimeSpan.FromSeconds(60)), "the host did not exit within 60 s of the signal: the clone ran on after it");
            log.WriteLine($"the host exited {clock.Elapsed.TotalSeconds:0.0} s after the signal");
            var (stdout, stderr) = (await output, await error);
            Assert.True(host.ExitCode == 130, $"exit {host.ExitCode}\n{stdout}\n{stderr}");
            Assert.Contains($"ERROR: interrupted by SIGINT: git clone of {url} stopped, nothing after it ran", stderr, StringComparison.Ordinal);
            Assert.False(Directory.Exists(clone), $"the cancelled clone left {clone}");
        }
        finally
        {
            if (server is not null)
            {
                ParentBoundProcess.Stop(server);
            }

            Directory.Delete(gaie, recursive: true);
        }
    }

    /// <summary>
    /// A git:// server on a loopback port it chooses (printed first): each connection gets its own
    /// <c>git daemon --inetd</c> (argv[2:]) whose answer is sent at argv[1] bytes/s.
    /// </summary>
    private const string SlowGitServer = """
        import socket, subprocess, sys, threading, time
        rate, daemon = int(sys.argv[1]), sys.argv[2:]
        server = socket.socket()
        server.bind(("127.0.0.1", 0))
        server.listen()
        print(server.getsockname()[1], flush=True)
        def serve(client):
            git = subprocess.Popen(daemon, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            def request():
                try:
                    while data := client.recv(65536):
                        git.stdin.write(data)
                        git.stdin.flush()
                    git.stdin.close()
                except OSError:
                    pass
            threading.Thread(target=request, daemon=True).start()
            try:
                while data := git.stdout.read1(65536):
                    client.sendall(data)
                    time.sleep(len(data) / rate)
            except OSError:
                pass
            client.close()
            git.kill()
        while True:
            client, _ = server.accept()
            threading.Thread(target=serve, args=(client,), daemon=True).start()
        """;

    [Fact]
    public async Task Run_sh_under_timeout_stops_and_removes_a_container_whose_command_ignores_SIGTERM_as_PID_1()
    {
        var name = TestRun.ContainerName("signal");
        try
        {
            // timeout with a deadline it never reaches: the test makes it time out (SIGALRM, timeout's own timer
            // signal) once the container runs, whatever the machine's load; timeout then sends SIGTERM to run.sh.
            using var timeout = Process.Start(new ProcessStartInfo("timeout", ["600", Path.Combine(RepoPaths.Container, "run.sh"), .. engine.Base(), "--name", name, "--", "sleep", "600"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepoPaths.Container,
            })!;
            var (output, error) = (timeout.StandardOutput.ReadToEndAsync(), timeout.StandardError.ReadToEndAsync());
            for (var start = Stopwatch.StartNew(); DockerCli.Cli("ps", "--quiet", "--filter", $"name=^{name}$", "--filter", "status=running").Output.Trim().Length == 0;)
            {
                Assert.False(timeout.HasExited, "run.sh ended before its container ran");
                Assert.True(start.Elapsed < ExitLimit, $"the container did not start within {ExitLimit.TotalSeconds} s");
                Thread.Sleep(200);
            }

            Assert.Equal(0, Run.Process("kill", ["-ALRM", timeout.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);
            var clock = Stopwatch.StartNew();
            Assert.True(timeout.WaitForExit(ExitLimit), $"run.sh did not end within {ExitLimit.TotalSeconds} s of the signal: the container outlived it");
            log.WriteLine($"run.sh ended {clock.Elapsed.TotalSeconds:0.0} s after the signal");
            var result = new Run.Result(timeout.ExitCode, await output, await error);

            // timeout's own code when it had to signal; the host waited for docker run, which ended when the container did.
            Assert.True(result.ExitCode == 124, result.ToString());
            Assert.Contains($"docker run --init ", result.Error, StringComparison.Ordinal);
            // --rm: the engine removes the container right after it exits (asynchronously: allow it a moment).
            var left = DockerCli.Cli("ps", "--all", "--quiet", "--filter", $"name=^{name}$").Output.Trim();
            for (var removal = Stopwatch.StartNew(); removal.Elapsed < ExitLimit && left.Length > 0;)
            {
                Thread.Sleep(200);
                left = DockerCli.Cli("ps", "--all", "--quiet", "--filter", $"name=^{name}$").Output.Trim();
            }

            Assert.Equal(string.Empty, left);
        }
        finally
        {
            DockerCli.Cli("rm", "--force", name);
        }
    }

    /// <summary>Waits until a process whose command line contains <paramref name="text"/> runs (the build's RUN step, under the engine).</summary>
    private static void WaitForProcess(string text, Process host, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (!Directory.EnumerateDirectories("/proc").Any(p => SafeRead($"{p}/cmdline").Replace('\0', ' ').Contains(text, StringComparison.Ordinal)))
        {
            Assert.False(host.HasExited, "the host ended before the build's RUN step started");
            Assert.True(clock.Elapsed < limit, $"the build's RUN step did not start within {limit.TotalSeconds} s");
            Thread.Sleep(100);
        }
    }

    /// <summary>The host's descendants once one named <paramref name="name"/> runs (their pids, to check they are gone later).</summary>
    private static IReadOnlyList<int> WaitForDescendant(Process host, string name, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            Assert.False(host.HasExited, $"the host ended before a {name} ran under it");
            var descendants = Descendants(host.Id).ToList();
            if (descendants.Any(pid => Comm(pid) == name && !IsVersionProbe(SafeRead($"/proc/{pid}/cmdline"))))
            {
                return descendants;
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException($"no {name} under the host after {limit}");
    }

    /// <summary>The processes under <paramref name="pid"/>, a line each: where a run that did not go on was waiting.</summary>
    private static string Tree(int pid) =>
        string.Join("\n", Descendants(pid).Select(child => $"{child} {Comm(child)}: {SafeRead($"/proc/{child}/cmdline").Replace('\0', ' ')}"));

    /// <summary>Ends a host the test gave up on, with what it started, so that it holds no tag lock for the next case.</summary>
    private static string Stop(Process host)
    {
        host.Kill(entireProcessTree: true);
        return "(the host was killed)";
    }

    private static IEnumerable<int> Descendants(int pid)
    {
        foreach (var task in SafeList($"/proc/{pid}/task"))
        {
            var children = SafeRead($"{task}/children");
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

    /// <summary>`docker-buildx buildx version`: the host's short probe of the client, not the build.</summary>
    private static bool IsVersionProbe(string cmdline) => cmdline.Split('\0') is [_, "buildx", "version", ..];

    private static string Comm(int pid) => SafeRead($"/proc/{pid}/comm").Trim();

    private static string[] SafeList(string dir)
    {
        try
        {
            return Directory.GetDirectories(dir);
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static string SafeRead(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
