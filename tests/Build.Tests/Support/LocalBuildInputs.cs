using System.Diagnostics;
using System.Text.RegularExpressions;
using Build.Tests.Support;

namespace Build.Tests.Support;

/// <summary>
/// What an offline build needs here (no registry, no PyPI): the local Debian base image and a local package
/// index on loopback, plus the build args that point the Dockerfiles at them (README.md, "The images and their build args").
/// </summary>
public static class LocalBuildInputs
{
    public const string BaseImage = "local/debian:bookworm";

    private static readonly Lazy<int> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Makes sure the base image exists (else fails naming tools/make-base-image.sh) and the index is served. One
    /// server for the whole test process, shared explicitly by every fixture that builds (they run in parallel),
    /// stopped when the process exits.
    /// </summary>
    public static void Ensure() => _ = Server.Value;

    /// <summary>
    /// The port the index server chose itself (it binds port 0, so nothing else on the machine is used or needed).
    /// The URL is part of the layer cache keys: warm builds are warm within one test run.
    /// </summary>
    public static int IndexPort => Server.Value;

    public static string IndexUrl => $"http://127.0.0.1:{IndexPort}/simple";

    /// <summary>Host options that build the platform's images from local inputs.</summary>
    public static string[] HostArgs =>
    [
        "--base-image", "local/debian", "--base-image-tag", "bookworm",
        "--build-network", "host",
        "--build-arg", "RUNTIME_IMAGE=local/debian", "--build-arg", "RUNTIME_IMAGE_TAG=bookworm",
        "--build-arg", "NATS_ETCD_SOURCE=apt", "--build-arg", "RUST_SOURCE=apt",
        "--build-arg", $"PIP_INDEX_URL={IndexUrl}",
    ];

    public static string[] TrtllmArgs => ["--tensorrtllm-index-url", IndexUrl];

    /// <summary>A local-dev build from an existing image only needs apt (through the host network).</summary>
    public static string[] LocalDevArgs => ["--build-network", "host"];

    private static int Start()
    {
        DockerCli.RequireImage(BaseImage, "tools/make-base-image.sh");
        var indexDir = Directory.CreateTempSubdirectory("local-pypi-").FullName;
        var index = Run.Process("python3", [Path.Combine(RepoPaths.Root, "tools", "local-pypi", "make-index.py"), indexDir]);
        Assert.True(index.ExitCode == 0, "make-index.py failed: " + index.Error);

        // Port 0: the server owns its port from the start; it prints the one it got (its only stdout line; requests go to stderr).
        var server = ParentBoundProcess.Start("python3", ["-u", "-m", "http.server", "--bind", "127.0.0.1", "0", "--directory", indexDir]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            ParentBoundProcess.Stop(server);
            Directory.Delete(indexDir, recursive: true);
        };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        var line = server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).Result ?? "";
        var match = Regex.Match(line, @"^Serving HTTP on 127\.0\.0\.1 port (\d+) ");
        Assert.True(match.Success, $"the local package index did not start on 127.0.0.1 (it said: '{line}')");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
