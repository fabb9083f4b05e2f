using System.Diagnostics;
using System.Net.Sockets;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release.Support;

/// <summary>
/// One real BuildFrontend run through the host, shared by the frontend tests: the none framework's dev image (from the
/// local Debian base and a local package index on loopback), the EPP image from a GAIE fixture, and the frontend.
/// Takes a few minutes cold (2 cores); BuildKit's cache makes later runs fast.
/// </summary>
public sealed class FrontendBuild : IDisposable
{
    /// <summary>Fixed, like the other offline builds': the index URL is part of the layer cache keys.</summary>
    public const int IndexPort = 8765;

    /// <summary>The local Debian base's Python (the frontend checks the venv's version against PYTHON_VERSION).</summary>
    public const string PythonVersion = "3.11";

    public const string EppTag = "dynamo-epp:itest-frontend";

    private readonly Process? server;
    private readonly string indexDir;

    public FrontendBuild()
    {
        _ = new EppInputs();
        Gaie = new GaieFixture();
        indexDir = Directory.CreateTempSubdirectory("frontend-pypi-").FullName;
        var index = Run.Process("python3", [Path.Combine(RepoPaths.Root, "tools", "local-pypi", "make-index.py"), indexDir]);
        Assert.True(index.ExitCode == 0, "make-index.py failed: " + index.Error);
        if (!PortOpen())
        {
            server = Process.Start(new ProcessStartInfo("python3", ["-m", "http.server", "--bind", "127.0.0.1", IndexPort.ToString(), "--directory", indexDir])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            for (var i = 0; i < 50 && !PortOpen(); i++)
            {
                Thread.Sleep(100);
            }
        }

        Assert.True(PortOpen(), $"the local package index did not start on 127.0.0.1:{IndexPort}");
        ReportPath = Path.Combine(Gaie.Root, "report.json");
        var result = EppInputs.Host(
        [
            "--target", "BuildFrontend", "--gaie-git", Gaie.Path, "--gaie-ref", GaieFixture.Tag, "--epp-patches", Gaie.PatchDir,
            "--epp-tag", EppTag, "--python-version", PythonVersion, "--report-json", ReportPath, .. PlatformArgs, .. EppInputs.HostArgs,
        ]);
        Assert.True(result.ExitCode == 0, $"BuildFrontend failed ({result.ExitCode}):\n{result.Output}\n{result.Error}");
        Report = JObject.Parse(File.ReadAllText(ReportPath));
    }

    /// <summary>Host options that build the platform's images from local inputs (README.md, "The images and their build args"); RUNTIME_IMAGE is also the frontend's base.</summary>
    public static string[] PlatformArgs =>
    [
        "--base-image", "local/debian", "--base-image-tag", "bookworm",
        "--build-arg", "RUNTIME_IMAGE=local/debian", "--build-arg", "RUNTIME_IMAGE_TAG=bookworm",
        "--build-arg", "NATS_ETCD_SOURCE=apt", "--build-arg", "RUST_SOURCE=apt",
        "--build-arg", $"PIP_INDEX_URL=http://127.0.0.1:{IndexPort}/simple",
    ];

    public GaieFixture Gaie { get; }

    public string ReportPath { get; }

    /// <summary>The run's --report-json.</summary>
    public JObject Report { get; }

    /// <summary>The tags of the image a task built, from the report.</summary>
    public IReadOnlyList<string> Tags(string task) =>
        Report["images"]!.Where(i => (string?)i["task"] == task).SelectMany(i => i["tags"]!.Select(t => (string)t!)).ToList();

    private static bool PortOpen()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", IndexPort);
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
        var clone = Path.Combine(RepoPaths.Root, ".build", "epp", $"gaie-{Gaie.Commit[..12]}");
        if (Directory.Exists(clone))
        {
            Build.Execution.HostStepRunner.RemoveDirectory(clone);
        }

        Gaie.Dispose();
    }
}
