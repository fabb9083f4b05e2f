using System.Diagnostics;
using System.Net.Sockets;
using Build.Tests.Support;

namespace Build.Tests.Support;

/// <summary>
/// What an offline build needs here (no registry, no PyPI): the local Debian base image and a local package
/// index on loopback, plus the build args that point the Dockerfiles at them (README.md, "The images and their build args").
/// </summary>
public sealed class LocalBuildInputs : IDisposable
{
    /// <summary>Fixed: the index URL is part of the layer cache keys, so a fixed port keeps warm builds warm.</summary>
    public const int IndexPort = 8765;

    private readonly Process? server;
    private readonly string indexDir;

    public LocalBuildInputs()
    {
        DockerCli.Require();
        var baseImage = Run.Process("bash", [Path.Combine(RepoPaths.Root, "tools", "make-base-image.sh")]);
        Assert.True(baseImage.ExitCode == 0, "tools/make-base-image.sh failed: " + baseImage.Error);

        indexDir = Directory.CreateTempSubdirectory("local-pypi-").FullName;
        var index = Run.Process("python3", [Path.Combine(RepoPaths.Root, "tools", "local-pypi", "make-index.py"), indexDir]);
        Assert.True(index.ExitCode == 0, "make-index.py failed: " + index.Error);
        if (!PortOpen(IndexPort))
        {
            server = Process.Start(new ProcessStartInfo("python3", ["-m", "http.server", "--bind", "127.0.0.1", IndexPort.ToString(), "--directory", indexDir])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            for (var i = 0; i < 50 && !PortOpen(IndexPort); i++)
            {
                Thread.Sleep(100);
            }
        }

        Assert.True(PortOpen(IndexPort), $"the local package index did not start on 127.0.0.1:{IndexPort}");
    }

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

    public void Dispose()
    {
        if (server is { HasExited: false })
        {
            server.Kill();
            server.WaitForExit();
        }

        server?.Dispose();
        Directory.Delete(indexDir, recursive: true);
    }
}
