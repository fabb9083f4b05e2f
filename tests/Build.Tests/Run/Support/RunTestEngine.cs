namespace Build.Tests.RunContainerSupport;

/// <summary>
/// The real Docker engine for RunContainer's integration tests: a tiny image built from the local base
/// (local/debian:bookworm, a user dynamo 1000:0 as in the runtime image), and the --ulimit overrides this engine needs
/// when its hard limits are below run.sh's fixed ones. Fails (never skips) when the engine is absent.
/// </summary>
public sealed class RunTestEngine : IDisposable
{
    public RunTestEngine()
    {
        // The engine, and the local base this fixture builds on (made by .ci/run, never by a test): else a clear failure.
        Build.Tests.Support.DockerCli.RequireImage(Build.Tests.Support.LocalBuildInputs.BaseImage, "tools/make-base-image.sh");
        Image = Build.Tests.Support.TestRun.Image("runcontainer", Guid.NewGuid().ToString("N")[..12]);
        var build = HostProcess.Start("docker", ["build", "--network", "none", "-q", "-t", Image, "-"], Path.GetTempPath(),
            input: $"FROM {Build.Tests.Support.LocalBuildInputs.BaseImage}\nRUN useradd -m -u 1000 -g 0 dynamo\nUSER dynamo\n");
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"building the test image failed: {build}");
        }

        UlimitArgs = FindUlimitOverrides();
    }

    public string Image { get; }

    /// <summary>Empty when the engine accepts memlock=-1 and nofile=65536:65536; else --ulimit overrides at the host's hard limits.</summary>
    public IReadOnlyList<string> UlimitArgs { get; }

    /// <summary>The options every test run uses: the test image, no network, no GPU request.</summary>
    public IReadOnlyList<string> Base(string network = "none") => ["--image", Image, "--network", network, "--gpus", "none", .. UlimitArgs];

    public static Build.Tests.Support.Run.Result Docker(params string[] args) => HostProcess.Start("docker", args, Path.GetTempPath());

    /// <summary>By name: the tag is this run's own, and the image goes with it.</summary>
    public void Dispose() => Docker("image", "rm", Image);

    private IReadOnlyList<string> FindUlimitOverrides()
    {
        string[] run = ["run", "--rm", "--network", "none"];
        if (Docker([.. run, "--ulimit", "memlock=-1", "--ulimit", "stack=67108864", "--ulimit", "nofile=65536:65536", Image, "true"]).ExitCode == 0)
        {
            return [];
        }

        var limits = HostProcess.Start("bash", ["-c", "ulimit -Hl; ulimit -Hn"], Path.GetTempPath()).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var memlock = limits[0] == "unlimited" ? "-1" : (long.Parse(limits[0], System.Globalization.CultureInfo.InvariantCulture) * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nofile = limits[1] == "unlimited" ? "1048576" : limits[1];
        string[] overrides = ["--ulimit", $"memlock={memlock}", "--ulimit", $"nofile={nofile}:{nofile}"];
        var check = Docker([.. run, .. overrides, "--ulimit", "stack=67108864", Image, "true"]);
        if (check.ExitCode != 0)
        {
            throw new InvalidOperationException($"this engine rejects run.sh's fixed ulimits even at the host's hard limits: {check}");
        }

        return overrides;
    }
}
