using System.Diagnostics;
using Build.Tests.Support;

namespace Build.Tests.Integration;

/// <summary>
/// The settings a --build-flag carries into a bake, and --ssh, reach the RUN steps on the real engine with either
/// executor: the extra host, the ulimit, the /dev/shm size and the forwarded SSH agent (a real ssh-agent).
/// </summary>
[Trait("Category", "Integration")]
public sealed class BuildFlagCarryTests : IDisposable
{
    private readonly string ns = TestRun.Namespace($"carry-{Guid.NewGuid():N}"[..14]);
    private readonly TempGitRepo repo = new();
    private readonly string agentDir = Directory.CreateTempSubdirectory("ssh-agent-").FullName;
    private readonly Process agent;

    public BuildFlagCarryTests()
    {
        LocalBuildInputs.Ensure();
        var container = RepoPaths.MakeContainerFolder(repo.Path);

        // Each check fails the build: the step proves the setting reached it.
        File.WriteAllText(Path.Combine(container, "Dockerfile"),
            $"FROM local/debian:bookworm AS dev\nRUN --mount=type=ssh echo {Guid.NewGuid():N}; test -S \"$SSH_AUTH_SOCK\" && grep -q 'pypi.test' /etc/hosts"
            + " && test \"$(ulimit -n)\" = 1024 && test \"$(df -k /dev/shm | tail -1 | tr -s ' ' | cut -d' ' -f2)\" = 65536\n");
        repo.Commit("a base that checks its RUN step's settings");
        agent = Process.Start(new ProcessStartInfo("ssh-agent", ["-D", "-a", Socket]) { RedirectStandardOutput = true })!;
        for (var waited = Stopwatch.StartNew(); !File.Exists(Socket); Thread.Sleep(50))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(1) && !agent.HasExited, "ssh-agent did not open its socket");
        }
    }

    private string Socket => Path.Combine(agentDir, "agent.sock");

    public void Dispose()
    {
        agent.Kill();
        agent.WaitForExit();
        TestRun.RemoveNamespace(ns);
        repo.Dispose();
        Directory.Delete(agentDir, recursive: true);
    }

    [Theory]
    [InlineData("bake")]
    [InlineData("sequential")]
    public void Carried_flags_and_ssh_reach_the_run_step(string executor)
    {
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"),
        [
            "--repo-root", repo.Path, "--framework", "vllm", "--target", "BuildBaseImage", "--executor", executor, "--build-network", "host",
            "--image-namespace", ns, "--no-cache", "--ssh", "default", "--build-flag=--add-host=pypi.test:10.0.0.2", "--build-flag=--ulimit=nofile=1024:1024",
            "--build-flag=--shm-size=64m",
        ], RepoPaths.Root, new Dictionary<string, string?> { ["SSH_AUTH_SOCK"] = Socket }, timeoutSeconds: 900);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(executor == "bake", result.Error.Contains("==> bake", StringComparison.Ordinal) || result.Output.Contains("==> bake", StringComparison.Ordinal));
    }
}
