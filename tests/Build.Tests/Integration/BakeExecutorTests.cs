using Build.Tests.Integration.Support;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Integration;

/// <summary>
/// The bake executor on the real engine (docs/decisions.md §3.1), after the matrix fixture built everything: the same
/// tags and image contract from both executors, a no-op rebuild counted as all cached from BuildKit's progress, and a
/// failing step named. In the matrix's collection: it re-tags the matrix's own images, so it must not run beside it.
/// </summary>
[Collection(ImageMatrixCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BakeExecutorTests(ImageMatrix matrix)
{
    private static readonly string[] NoneRuntime = ["--framework", "none", "--target", "BuildRuntime", .. LocalBuildInputs.HostArgs];

    /// <summary>
    /// The images Both_executors… builds, one namespace per executor: the matrix's ids stay as its report says, and
    /// neither build moves the other's tags (which would leave an untagged image behind).
    /// </summary>
    private static readonly string BakeOwn = TestRun.Namespace("executor-bake");

    private static readonly string SequentialOwn = TestRun.Namespace("executor-sequential");

    private static (Run.Result Result, JObject? Report) Host(params string[] args) => Host(ImageMatrix.Namespace, args);

    private static (Run.Result Result, JObject? Report) Host(string imageNamespace, params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("bake-report-").FullName;
        try
        {
            var path = Path.Combine(dir, "report.json");
            var result = ImageMatrix.Host([.. args, "--report-json", path], imageNamespace: imageNamespace);
            return (result, File.Exists(path) ? JObject.Parse(File.ReadAllText(path)) : null);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IEnumerable<string> Tags(JObject report) =>
        report["images"]!.SelectMany(i => i["tags"]!.Select(t => (string)t!)).Order(StringComparer.Ordinal);

    [Fact]
    public void Both_executors_build_the_same_tags_with_the_same_image_contract()
    {
        using var bakeCleanup = new NamespaceCleanup(BakeOwn);
        using var sequentialCleanup = new NamespaceCleanup(SequentialOwn);
        var (bake, bakeReport) = Host(BakeOwn, [.. NoneRuntime, "--executor", "bake"]);
        Assert.True(bake.ExitCode == 0, bake.Output + bake.Error);
        var (sequential, sequentialReport) = Host(SequentialOwn, [.. NoneRuntime, "--executor", "sequential"]);
        Assert.True(sequential.ExitCode == 0, sequential.Output + sequential.Error);

        Assert.Equal([$"{BakeOwn}/dynamo:latest-none-runtime", $"{BakeOwn}/dynamo:{matrix.Version}-none-runtime"], Tags(bakeReport!));
        Assert.Equal(Tags(bakeReport!).Select(t => t[(BakeOwn.Length + 1)..]), Tags(sequentialReport!).Select(t => t[(SequentialOwn.Length + 1)..]));
        // The bake's log line and BuildKit's step counts (the report has them for bake builds only).
        Assert.Contains("==> bake 1 image: ", bake.Output + bake.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("==> bake", sequential.Output + sequential.Error, StringComparison.Ordinal);
        Assert.NotEqual(JTokenType.Null, bakeReport!["images"]![0]!["steps"]!.Type);
        Assert.Equal(JTokenType.Null, sequentialReport!["images"]![0]!["steps"]!.Type);

        // The sequential build's image (the tag holds it now) keeps the contract the bake's images are tested for.
        var image = $"{SequentialOwn}/dynamo:{matrix.Version}-none-runtime";
        var config = DockerCli.Inspect(image)["Config"]!;
        Assert.Equal("dynamo", (string?)config["User"]);
        Assert.Equal(matrix.Version, (string?)config["Labels"]!["org.opencontainers.image.version"]);
        var check = DockerCli.Sh(image, "set -e; id; python -m dynamo.frontend; if command -v sudo; then exit 3; fi");
        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.Contains("uid=1000(dynamo) gid=0(root)", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_no_op_rebuild_of_the_matrix_is_all_cached_step_by_step()
    {
        var (result, report) = Host(
        [
            "--framework", "all", "--target", "BuildRuntime", .. LocalBuildInputs.HostArgs, .. LocalBuildInputs.TrtllmArgs, "--executor", "bake",
        ]);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);

        var images = (JArray)report!["images"]!;
        Assert.Equal(7, images.Count); // three bases, four runtimes: one bake
        foreach (var image in images)
        {
            var steps = image["steps"]!;
            var tag = (string)image["tags"]![0]!;
            Assert.Equal(DockerCli.ImageId(tag), (string?)image["imageId"]);
            // Every image has steps of its own: a step images share is counted under the first of them (a base), and
            // as shared in the others (README, "What a run reports").
            Assert.True((int)steps["total"]! > 0, tag);
            Assert.True((int)steps["cached"]! == (int)steps["total"]!, $"{tag}: {steps}");
            Assert.Equal(0, (int)steps["run"]!);
            Assert.Equal(JTokenType.Null, steps["firstCacheMiss"]!.Type);
        }

        Assert.Contains(images, i => (int)i["steps"]!["shared"]! > 0); // a runtime image counts its base's steps as shared

        Assert.Contains("steps,", result.Output, StringComparison.Ordinal); // the table's per-image step line
    }

    [Fact]
    public void A_failing_step_is_named_with_its_image_and_dockers_exit_code_and_moves_no_tag()
    {
        var before = DockerCli.ImageId($"{ImageMatrix.Namespace}/dynamo:{matrix.Version}-none-runtime");
        var (result, report) = Host([.. NoneRuntime, "--executor", "bake", "--build-arg", "DYNAMO_PACKAGE_VERSION=0.0.0.404"]);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"none image, stage runtime ({ImageMatrix.Namespace}/dynamo:{matrix.Version}-none-runtime) at step [venv ", result.Error, StringComparison.Ordinal);
        Assert.Contains($"docker buildx bake exited with code {result.ExitCode}", result.Error, StringComparison.Ordinal);
        var failed = Assert.Single(report!["images"]!);
        Assert.False((bool)report["succeeded"]!);
        Assert.Equal(result.ExitCode, (int)failed["failedExitCode"]!);
        Assert.Matches(@"^\[venv \d+/\d+\] RUN python3 -m venv /opt/dynamo/venv", (string)failed["steps"]!["failedStep"]!); // a short name
        Assert.Equal(before, DockerCli.ImageId($"{ImageMatrix.Namespace}/dynamo:{matrix.Version}-none-runtime"));
    }

    private sealed class NamespaceCleanup(string ns) : IDisposable
    {
        public void Dispose() => TestRun.RemoveNamespace(ns);
    }
}
