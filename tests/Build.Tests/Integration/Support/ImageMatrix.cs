using System.Diagnostics;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Integration.Support;

/// <summary>
/// Builds, through the host (./build.sh, not raw docker), every framework's base, dev, runtime and local-dev
/// image, and a local-dev image from each dev image with --dev-image, from local inputs. Once per test run;
/// layers are shared, each base is built once. A token is in the environment to prove it never lands in an image.
/// </summary>
public sealed class ImageMatrix : IDisposable
{
    /// <summary>This fixture's --image-namespace: its images never share a tag with a user's or another fixture's.</summary>
    public static readonly string Namespace = TestRun.Namespace("matrix");

    public const string Token = "hf_integration_secret_9f3c2a";

    public static readonly string[] Frameworks = ["none", "vllm", "sglang", "trtllm"];

    public ImageMatrix()
    {
        LocalBuildInputs.Ensure();
        ReportPath = Path.Combine(Directory.CreateTempSubdirectory("matrix-report-").FullName, "report.json");
        var clock = Stopwatch.StartNew();
        Result = Host(
            [
                "--framework", "all", "--target", "BuildRuntime", "--target", "BuildLocalDev", "--uid", "2000", "--gid", "3000",
                .. LocalBuildInputs.HostArgs, .. LocalBuildInputs.TrtllmArgs, "--report-json", ReportPath,
                "--executor", "bake", // the real-image tests check the bake's images; Integration/BakeExecutorTests compares with sequential
            ]);
        MatrixDuration = clock.Elapsed;
        Assert.True(Result.ExitCode == 0, $"matrix build failed ({Result.ExitCode}):\n{Tail(Result.Output)}\n{Tail(Result.Error)}");
        Report = JObject.Parse(File.ReadAllText(ReportPath));
        Version = (string)Report["version"]!;

        clock.Restart();
        foreach (var framework in Frameworks)
        {
            var fromDevImage = Host(
            [
                "--target", "BuildLocalDev", "--framework", framework, "--dev-image", $"{Namespace}/dynamo:latest-{framework}",
                "--tag", DevImageTag(framework), "--uid", "1234", "--gid", "1234", .. LocalBuildInputs.LocalDevArgs,
            ]);
            Assert.True(fromDevImage.ExitCode == 0, $"--dev-image build of {framework} failed:\n{Tail(fromDevImage.Output)}\n{Tail(fromDevImage.Error)}");
        }

        DevImageDuration = clock.Elapsed;
    }

    public Run.Result Result { get; }

    public string ReportPath { get; }

    public JObject Report { get; }

    public string Version { get; }

    public TimeSpan MatrixDuration { get; }

    public TimeSpan DevImageDuration { get; }

    public static string DevImageTag(string framework) => $"{Namespace}/dev-image-test:{framework}";

    /// <summary>Every image of this fixture, removed by name when the collection ends (a failed constructor is swept at process exit), and its report's folder.</summary>
    public void Dispose()
    {
        TestRun.RemoveNamespace(Namespace);
        Directory.Delete(Path.GetDirectoryName(ReportPath)!, recursive: true);
    }

    /// <summary>
    /// ./build.sh with the fixture's --image-namespace, and without the provenance attestation: on the containerd image
    /// store the engine's default attestation carries the build's times, so an unchanged rebuild would get a new image
    /// id and the tests could not tell a no-op from a rebuild (docs/decisions.md §6.3).
    /// </summary>
    public static Run.Result Host(string[] args, string? token = Token, string? imageNamespace = null) =>
        Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), [.. args, "--image-namespace", imageNamespace ?? Namespace, "--provenance", "off"], RepoPaths.Root,
            new Dictionary<string, string?> { ["HF_TOKEN"] = token }, timeoutSeconds: 3600);

    private static string Tail(string text) => string.Join('\n', text.Split('\n').TakeLast(40));
}

[CollectionDefinition(Name)]
public sealed class ImageMatrixCollection : ICollectionFixture<ImageMatrix>
{
    public const string Name = "Real image builds";
}
