using System.Diagnostics;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Execution;

/// <summary>
/// Signals to the real host (./build.sh execs it) while it runs a child, here a stub docker build that records the
/// signals it gets (docs/decisions.md §4.1): the host passes each signal on and waits for the child; the third ends
/// the host at once. Real processes and signals, no engine (the engine's side is in InterruptionTests).
/// </summary>
[Trait("Category", "Process")]
public sealed class HostSignalTests : IClassFixture<WarmHost>
{
    /// <summary>
    /// How long the host may take to act on a signal. It takes well under a second on an idle machine (the stub's
    /// trap runs within 0.1 s); 60 s leaves room for a machine at load 20+.
    /// </summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the host may take to reach its docker build: not what these tests check, so a limit only against a
    /// hang (about 2 s idle: the host's start and a few stub docker calls; minutes at load 25).
    /// </summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(10);

    private static Process StartHost(StubDocker docker, string mode, string report)
    {
        var info = new ProcessStartInfo(Path.Combine(RepoPaths.Root, "build.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var arg in new[] { "--target", "BuildRuntime", "--executor", "sequential", "--report-json", report })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in docker.Environment())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        info.Environment["STUB_BUILD_WAITS"] = mode;
        return Process.Start(info)!;
    }

    private static void WaitUntil(Func<bool> condition, Process host, string what, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(host.HasExited && !condition(), $"the host ended before {what}");
            Assert.True(clock.Elapsed < (limit ?? Limit), $"no {what} within {(limit ?? Limit).TotalSeconds} s");
            Thread.Sleep(50);
        }
    }

    private static void Signal(Process host, string signal) =>
        Assert.Equal(0, Run.Process("kill", [$"-{signal}", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);

    [Fact]
    public async Task A_signal_is_passed_on_to_the_running_child_and_the_host_exits_after_it_with_128_plus_the_signal()
    {
        using var docker = new StubDocker();
        var dir = Directory.CreateTempSubdirectory("signal-report-").FullName;
        try
        {
            var report = Path.Combine(dir, "report.json");
            using var host = StartHost(docker, "stop", report);
            var (output, error) = (host.StandardOutput.ReadToEndAsync(), host.StandardError.ReadToEndAsync());
            try
            {
                WaitUntil(() => docker.BuildPid is not null, host, "docker build", StartLimit);
                Signal(host, "TERM");

                Assert.True(host.WaitForExit(Limit), $"the host did not exit within {Limit.TotalSeconds} s of the signal (was it passed on to docker build?)");
                var stderr = await error;
                Assert.Equal(["TERM"], docker.BuildSignals);
                Assert.True(host.ExitCode == 143, $"exit {host.ExitCode}\n{await output}\n{stderr}");
                Assert.Contains("ERROR: interrupted by SIGTERM: docker build stopped, nothing after it ran", stderr, StringComparison.Ordinal);
                Assert.Single(docker.Builds);

                var json = JObject.Parse(File.ReadAllText(report));
                Assert.Equal("SIGTERM", (string?)json["interruptedBy"]);
                Assert.False((bool)json["succeeded"]!);
            }
            finally
            {
                if (!host.HasExited)
                {
                    host.Kill();
                }

                docker.KillBuild();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_third_signal_ends_the_host_without_waiting_for_a_child_that_will_not_stop()
    {
        using var docker = new StubDocker();
        var dir = Directory.CreateTempSubdirectory("signal-report-").FullName;
        try
        {
            using var host = StartHost(docker, "ignore", Path.Combine(dir, "report.json"));
            var error = host.StandardError.ReadToEndAsync();
            _ = host.StandardOutput.ReadToEndAsync();
            try
            {
                WaitUntil(() => docker.BuildPid is not null, host, "docker build", StartLimit);

                // Each of the first two is passed on (the child records it) and the host keeps waiting.
                Signal(host, "TERM");
                WaitUntil(() => docker.BuildSignals.Count == 1, host, "first signal at the child");
                Signal(host, "TERM");
                WaitUntil(() => docker.BuildSignals.Count == 2, host, "second signal at the child");
                Assert.False(host.HasExited, "the host ended on the second signal");

                Signal(host, "TERM");
                Assert.True(host.WaitForExit(Limit), $"the host did not exit within {Limit.TotalSeconds} s of the third signal");
                Assert.Equal(143, host.ExitCode);
                Assert.True(Directory.Exists($"/proc/{docker.BuildPid}"), "the child ended too: nothing showed the host stopped without it");

                // (The child holds the host's stderr open: end it before reading to the end.)
                docker.KillBuild();
                // The count is of every live process under the host: the stub's shell and, at that moment, its sleep.
                Assert.Matches(@"ERROR: 3 signals: stopping without waiting for [12] child process\(es\)", await error);
            }
            finally
            {
                if (!host.HasExited)
                {
                    host.Kill();
                }

                docker.KillBuild();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
