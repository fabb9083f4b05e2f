using System.Diagnostics;
using Build.Tests.Support;

namespace Build.Tests.Release.Support;

/// <summary>
/// A second Docker engine, a real BuildKit builder that is not the client's own engine: the installed dockerd started
/// again with its own data root, exec root, pid file and unix socket in a temporary folder, bridge-less like the first
/// (tools/install-docker-engine.sh), with the containerd image store (it pushes from its builds). A docker
/// configuration folder of its own holds one context that reaches it, whose name is the builder's (docker driver): a
/// host run given <see cref="Environment"/> names it with --builder. Disposing stops the engine (its containerd with it)
/// and removes the folder; the user's docker configuration is never written.
/// </summary>
public sealed class SecondEngine : IDisposable
{
    private readonly Process process;

    public SecondEngine()
    {
        DockerCli.Require();
        var dockerd = new[] { "/usr/local/sbin/dockerd", "/usr/sbin/dockerd", "/usr/bin/dockerd" }.FirstOrDefault(File.Exists);
        Assert.True(dockerd is not null, "These tests start a second dockerd: install the engine first (tools/install-docker-engine.sh; .ci/run does).");
        Dir = Directory.CreateTempSubdirectory("engine-").FullName;
        Config = Path.Combine(Dir, "config");
        Directory.CreateDirectory(Config);
        Socket = Path.Combine(Dir, "docker.sock");
        var daemonJson = Path.Combine(Dir, "daemon.json");
        File.WriteAllText(daemonJson, """{ "features": { "containerd-snapshotter": true } }""");
        process = ParentBoundProcess.Start(dockerd!,
        [
            "--config-file", daemonJson, "--data-root", Path.Combine(Dir, "data"), "--exec-root", Path.Combine(Dir, "exec"),
            "--pidfile", Path.Combine(Dir, "docker.pid"), "--host", $"unix://{Socket}",
            "--bridge=none", "--iptables=false", "--ip-forward=false",
        ]);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Ready when it answers on its socket (the daemon creates the socket before its API serves).
        var clock = Stopwatch.StartNew();
        while (Docker("version", "--format", "{{.Server.Version}}").ExitCode != 0)
        {
            Assert.True(!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(90), "the second dockerd did not answer:\n" + string.Join('\n', log.TakeLast(20)));
            Thread.Sleep(200);
        }

        Name = $"{TestRun.Prefix}-second";
        var created = Client("context", "create", Name, "--docker", $"host=unix://{Socket}");
        Assert.True(created.ExitCode == 0, created.ToString());
    }

    /// <summary>The temporary folder: data root, exec root, socket, pid file, docker configuration.</summary>
    public string Dir { get; }

    /// <summary>The docker configuration folder with the context (DOCKER_CONFIG of the host runs).</summary>
    public string Config { get; }

    public string Socket { get; }

    /// <summary>The context's name, which is the builder's.</summary>
    public string Name { get; }

    /// <summary>The host run's environment: docker reads this configuration, with the second engine's context.</summary>
    public IDictionary<string, string?> Environment => new Dictionary<string, string?> { ["DOCKER_CONFIG"] = Config };

    /// <summary>docker against the second engine.</summary>
    public Run.Result Docker(params string[] args) => Run.Process("docker", ["--host", $"unix://{Socket}", .. args]);

    /// <summary>docker with this configuration (its context list), talking to the first engine unless told otherwise.</summary>
    public Run.Result Client(params string[] args) => Run.Process("docker", args, environment: Environment);

    /// <summary>The repository:tag names the second engine stores.</summary>
    public IReadOnlyList<string> Images() =>
        Docker("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>An image of the first engine copied into the second (docker save | docker load), for a build's FROM.</summary>
    public void Load(string image)
    {
        var archive = Path.Combine(Dir, "image.tar");
        Assert.Equal(0, DockerCli.Cli("image", "save", "--output", archive, image).ExitCode);
        var loaded = Docker("image", "load", "--input", archive);
        Assert.True(loaded.ExitCode == 0, loaded.ToString());
        File.Delete(archive);
    }

    /// <summary>
    /// Ends the engine as a crash or a lost machine would: SIGKILL to dockerd (its containerd goes with it). A RUN step
    /// it was running is left an orphan (the test ends it) and its mounts stay until <see cref="Dispose"/>.
    /// </summary>
    public void Kill()
    {
        var pid = File.ReadAllText(Path.Combine(Dir, "docker.pid")).Trim();
        Assert.Equal(0, Run.Process("kill", ["-KILL", pid]).ExitCode);
    }

    public void Dispose()
    {
        ParentBoundProcess.Stop(process);
        process.Dispose();

        // What a killed engine left mounted under its folder (its data root, a RUN step's root), deepest first.
        foreach (var mount in File.ReadAllLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(Dir + "/", StringComparison.Ordinal)).OrderDescending(StringComparer.Ordinal))
        {
            _ = Run.Process("umount", ["--lazy", mount]);
        }

        Directory.Delete(Dir, recursive: true);
    }
}
