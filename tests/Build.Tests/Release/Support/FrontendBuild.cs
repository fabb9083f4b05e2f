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
    /// <summary>The local Debian base's Python (the frontend checks the venv's version against PYTHON_VERSION).</summary>
    public const string PythonVersion = "3.11";

    /// <summary>This fixture's --image-namespace (its none dev image is not the matrix's).</summary>
    public static readonly string Namespace = TestRun.Namespace("frontend");

    public static readonly string EppTag = $"{Namespace}/dynamo-epp:itest-frontend";

    public FrontendBuild()
    {
        _ = new EppInputs();
        Gaie = new GaieFixture();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveFiles();
        LocalBuildInputs.Ensure();
        ReportPath = Path.Combine(Gaie.Root, "report.json");
        var result = EppInputs.Host(
        [
            "--target", "BuildFrontend", "--gaie-git", Gaie.Path, "--gaie-ref", GaieFixture.Tag, "--epp-patches", Gaie.PatchDir,
            "--epp-tag", EppTag, "--python-version", PythonVersion, "--report-json", ReportPath, .. PlatformArgs, .. EppInputs.HostArgs,
            "--image-namespace", Namespace,
        ]);
        Assert.True(result.ExitCode == 0, $"BuildFrontend failed ({result.ExitCode}):\n{result.Output}\n{result.Error}");
        Report = JObject.Parse(File.ReadAllText(ReportPath));
    }

    /// <summary>Host options that build the platform's images from local inputs; RUNTIME_IMAGE is also the frontend's base.</summary>
    public static string[] PlatformArgs => LocalBuildInputs.HostArgs;

    /// <summary>
    /// When the constructor fails xunit never calls Dispose, so the clone folder goes when the process exits and the
    /// images with the run's sweep (both by name).
    /// </summary>
    private string Clone => Path.Combine(RepoPaths.Root, ".build", "epp", $"gaie-{Gaie.Commit[..12]}");

    public GaieFixture Gaie { get; }

    public string ReportPath { get; }

    /// <summary>The run's --report-json.</summary>
    public JObject Report { get; }

    /// <summary>The tags of the image a task built, from the report.</summary>
    public IReadOnlyList<string> Tags(string task) =>
        Report["images"]!.Where(i => (string?)i["task"] == task).SelectMany(i => i["tags"]!.Select(t => (string)t!)).ToList();

    public void Dispose()
    {
        TestRun.RemoveNamespace(Namespace);
        RemoveFiles();
    }

    /// <summary>The clone folder and the fixture repository; idempotent (also run at process exit).</summary>
    private void RemoveFiles()
    {
        if (Directory.Exists(Clone))
        {
            Build.Execution.HostSteps.RemoveDirectory(Clone);
        }

        if (Directory.Exists(Gaie.Root))
        {
            Gaie.Dispose();
        }
    }
}
