using System.Diagnostics;
using System.Net.Sockets;
using Build.Tests.Support;

namespace Build.Tests.Support;

/// <summary>
/// What an offline build needs here (no registry, no PyPI): the local Debian base image and a local package
/// index on loopback, plus the build args that point the Dockerfiles at them (README.md, "The images and their build args").
/// </summary>
public static class LocalBuildInputs
{
    /// <summary>Fixed: the index URL is part of the layer cache keys, so a fixed port keeps warm builds warm.</summary>
    public const int IndexPort = 8765;

    private static readonly Lazy<Process?> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Makes sure the base image exists and the index is served. One server for the whole test process, shared by
    /// every fixture that builds (they run in parallel), stopped when the process exits.
    /// </summary>
    public static void Ensure() => _ = Server.Value;

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

    private static Process? Start()
    {
        DockerCli.Require();
        var baseImage = Run.Process("bash", [Path.Combine(RepoPaths.Root, "tools", "make-base-image.sh")]);
        Assert.True(baseImage.ExitCode == 0, "tools/make-base-image.sh failed: " + baseImage.Error);
        if (PortOpen(IndexPort))
        {
            return null; // an index someone already serves there (e.g. by hand, as the README shows)
        }

        var indexDir = Directory.CreateTempSubdirectory("local-pypi-").FullName;
        var index = Run.Process("python3", [Path.Combine(RepoPaths.Root, "tools", "local-pypi", "make-index.py"), indexDir]);
        Assert.True(index.ExitCode == 0, "make-index.py failed: " + index.Error);
        var server = Process.Start(new ProcessStartInfo("python3", ["-m", "http.server", "--bind", "127.0.0.1", IndexPort.ToString(), "--directory", indexDir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!server.HasExited)
            {
                server.Kill();
            }

            Directory.Delete(indexDir, recursive: true);
        };
        for (var i = 0; i < 50 && !PortOpen(IndexPort); i++)
        {
            Thread.Sleep(100);
        }

        Assert.True(PortOpen(IndexPort), $"the local package index did not start on 127.0.0.1:{IndexPort}");
        return server;
    }

    private static bool PortOpen(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
