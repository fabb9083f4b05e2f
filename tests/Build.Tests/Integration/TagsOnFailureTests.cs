using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Build.Tests.Execution;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Integration;

/// <summary>
/// Nothing moves unless the run succeeded (docs/decisions.md §4.5), on the real engine: a run whose later image fails
/// puts back the tags its earlier image moved (under both executors), a strict cache export that fails after the image
/// was exported leaves the tag where it was, and two identical runs started together leave every tag on one run's
/// images. Tags under the test's own namespace only.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TagsOnFailureTests : IDisposable
{
    private readonly string ns = TestRun.Namespace($"tags-{Guid.NewGuid():N}"[..13]);
    private readonly TempGitRepo repo = new();
    private readonly string id = Guid.NewGuid().ToString("N")[..12];
    private readonly string container;
    private readonly DirectoryInfo reports = Directory.CreateTempSubdirectory("tags-on-failure-");

    public TagsOnFailureTests()
    {
        LocalBuildInputs.Ensure();
        container = RepoPaths.MakeContainerFolder(repo.Path);
        File.WriteAllText(Path.Combine(container, "Dockerfile"), $"FROM local/debian:bookworm AS dev\nRUN echo {id} > /id\n");
    }

    public void Dispose()
    {
        TestRun.RemoveNamespace(ns);
        repo.Dispose();
        reports.Delete(recursive: true);
    }

    [Theory]
    [InlineData("sequential")]
    [InlineData("bake")]
    public void A_run_whose_later_image_fails_puts_back_the_tags_its_earlier_image_moved(string executor)
    {
        // The dev image builds; the local-dev image on it fails a few seconds later (under bake, a failing target
        // cancels the others: the pause lets the dev image's export end first). The dev image's latest tag points
        // elsewhere before the run.
        File.WriteAllText(Path.Combine(container, "Dockerfile.local_dev"), "ARG DEV_BASE\nFROM ${DEV_BASE}\nRUN sleep 3; false\n");
        repo.Commit("a dev image and a local-dev image that fails");
        var latest = $"{ns}/dynamo:latest-none";
        DockerCli.Ok("tag", LocalBuildInputs.BaseImage, latest);
        var before = DockerCli.ImageId(latest);

        var (result, report) = Host(executor, "--target", "BuildLocalDev");

        Assert.True(result.ExitCode == 1, result.ToString());
        var images = (JArray)report["images"]!;
        Assert.All(images.SelectMany(i => (JArray)i["tags"]!), t => Assert.True(DockerCli.ImageId((string)t!) is null || (string)t! == latest, $"{t} was left"));
        Assert.Equal(before, DockerCli.ImageId(latest));

        // The dev image was stored under its tags (always one after the other; under bake unless the failure cancelled
        // its export): the report says so, and the run put both tags back.
        var dev = images.SingleOrDefault(i => ((JArray)i["tags"]!).Any(t => (string?)t == latest) && i["imageId"]!.Type == JTokenType.String);
        if (executor == "sequential")
        {
            Assert.True(dev is not null, report.ToString());
        }

        if (dev is not null)
        {
            var versioned = (string)dev["tags"]![0]!;
            Assert.Null(DockerCli.ImageId(versioned));
            var putBack = ((JArray)report["tagsPutBack"]!).ToDictionary(t => (string)t["tag"]!, t => (string?)t["imageId"]);
            Assert.Equal(before, putBack[latest]);
            Assert.Null(putBack[versioned]);
            Assert.Contains($"put back {latest}: to {before}", result.Output, StringComparison.Ordinal);
            RemoveUntagged((string)dev["imageId"]!);
        }
    }

    [Fact]
    public void A_failed_rebuild_of_the_same_version_puts_both_tags_back_on_the_old_image()
    {
        // Both tags of the dev image move in the rebuild (--no-cache and a random file: an image of its own), so the old
        // image keeps no tag of its own; the containerd image store would remove it were it not held. The local-dev
        // image reads a file of the context that the test changes between the runs (an untracked file: same version).
        File.WriteAllText(Path.Combine(container, "Dockerfile"), "FROM local/debian:bookworm AS dev\nRUN head -c 16 /dev/urandom > /random\n");
        File.WriteAllText(Path.Combine(container, "Dockerfile.local_dev"), "ARG DEV_BASE\nFROM ${DEV_BASE}\nCOPY verdict /verdict\nRUN grep -qx pass /verdict\n");
        File.WriteAllText(Path.Combine(container, "verdict"), "pass\n");
        repo.Commit("a dev image and a local-dev image that passes while the verdict says so");
        var (first, firstReport) = Host("sequential", "--target", "BuildLocalDev");
        Assert.True(first.ExitCode == 0, first.ToString());
        var dev = (JObject)firstReport["images"]![0]!;
        var tags = ((JArray)dev["tags"]!).Select(t => (string)t!).ToList();
        var old = (string)dev["imageId"]!;

        File.WriteAllText(Path.Combine(container, "verdict"), "fail\n");
        var (second, secondReport) = Host("sequential", "--target", "BuildLocalDev", "--no-cache");

        Assert.True(second.ExitCode == 1, second.ToString());
        var rebuilt = (string)secondReport["images"]![0]!["imageId"]!;
        Assert.NotEqual(old, rebuilt);
        Assert.All(tags, tag => Assert.Equal(old, DockerCli.ImageId(tag)));
        Assert.Equal(tags.Order(), ((JArray)secondReport["tagsPutBack"]!).Select(t => (string)t["tag"]!).Order());
        Assert.DoesNotContain("stays on the image this run built", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("dynamo-hold-", DockerCli.Cli("image", "ls", "--format", "{{.Repository}}:{{.Tag}}").Output, StringComparison.Ordinal);
        RemoveUntagged(rebuilt);
    }

    [Fact]
    public void A_TERM_while_the_later_image_builds_puts_back_the_tags_the_earlier_image_moved()
    {
        File.WriteAllText(Path.Combine(container, "Dockerfile.local_dev"), "ARG DEV_BASE\nFROM ${DEV_BASE}\nRUN sleep 60\n");
        repo.Commit("a dev image and a slow local-dev image");
        var report = Path.Combine(reports.FullName, "signal.json");

        var result = SignalledHost.Run(
            [Path.Combine(RepoPaths.Root, "build.sh"), "--repo-root", repo.Path, "--framework", "none", "--target", "BuildLocalDev", "--executor", "sequential",
                "--build-network", "host", "--image-namespace", ns, "--provenance", "off", "--report-json", report],
            child: argv => argv is [_, "build", ..] && argv.Any(a => a.EndsWith("Dockerfile.local_dev", StringComparison.Ordinal)),
            TimeSpan.FromMilliseconds(500), "TERM", group: false);

        Assert.True(result.Exit == 143, $"exit {result.Exit}\n{result.Output}\n{result.Error}");
        var json = JObject.Parse(File.ReadAllText(report));
        var dev = (JObject)((JArray)json["images"]!).First(i => i["imageId"]!.Type == JTokenType.String);
        var tags = ((JArray)dev["tags"]!).Select(t => (string)t!).ToList();
        Assert.All(tags, tag => Assert.Null(DockerCli.ImageId(tag)));
        Assert.Equal(tags.Order(), ((JArray)json["tagsPutBack"]!).Select(t => (string)t["tag"]!).Order());
        Assert.Equal("SIGTERM", (string?)json["interruptedBy"]);
    }

    [Fact]
    public void A_strict_cache_export_that_fails_after_the_image_was_exported_leaves_the_tags_where_they_were()
    {
        repo.Commit("one image");

        // A registry address where nothing listens: the import misses (a warning), the export fails the build.
        var (result, report) = Host("sequential", "--cache-registry", $"127.0.0.1:{ClosedPort()}/cache", "--strict-cache");

        Assert.True(result.ExitCode == 1, result.ToString());
        var tags = ((JArray)report["images"]![0]!["tags"]!).Select(t => (string)t!).ToList();
        Assert.Equal(2, tags.Count);
        Assert.All(tags, tag => Assert.Null(DockerCli.ImageId(tag)));
        Assert.Equal(tags.Order(), ((JArray)report["tagsPutBack"]!).Select(t => (string)t["tag"]!).Order());
    }

    [Fact]
    public async Task Two_identical_runs_started_together_leave_every_tag_on_the_images_of_the_run_that_ended_last()
    {
        // --no-cache and a random file: each run's image has an id of its own, so split tags would show.
        File.WriteAllText(Path.Combine(container, "Dockerfile"), $"FROM local/debian:bookworm AS dev\nRUN echo {id} > /id; head -c 16 /dev/urandom > /random; sleep 2\n");
        repo.Commit("an image of its own each time");
        var first = Task.Run(() => Host("sequential", "--no-cache", "--report-json", Path.Combine(reports.FullName, "first.json")));

        // The second starts once the first builds (its docker build is running), so it has to wait for the first's tags.
        var clock = Stopwatch.StartNew();
        while (!Process.GetProcessesByName("docker").Any(p => SignalledHost.Argv(p.Id) is [_, "build", .. var rest] && rest.Contains(repo.Path)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5) && !first.IsCompleted, "the first run's docker build never started");
            Thread.Sleep(20);
        }

        var (second, secondReport) = Host("sequential", "--no-cache", "--report-json", Path.Combine(reports.FullName, "second.json"));
        var (firstResult, firstReport) = await first;

        Assert.True(firstResult.ExitCode == 0, firstResult.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("waiting for it to end", second.Output, StringComparison.Ordinal);
        var tags = ((JArray)secondReport["images"]![0]!["tags"]!).Select(t => (string)t!).ToList();
        var secondId = (string)secondReport["images"]![0]!["imageId"]!;
        Assert.NotEqual((string)firstReport["images"]![0]!["imageId"]!, secondId);
        Assert.All(tags, tag => Assert.Equal(secondId, DockerCli.ImageId(tag)));
        RemoveUntagged((string)firstReport["images"]![0]!["imageId"]!);
    }

    private (Run.Result Result, JObject Report) Host(string executor, params string[] extra)
    {
        var report = extra.SkipWhile(a => a != "--report-json").Skip(1).FirstOrDefault() ?? Path.Combine(reports.FullName, $"{Guid.NewGuid():N}.json");
        string[] reportArgs = extra.Contains("--report-json") ? [] : ["--report-json", report];
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"),
            ["--repo-root", repo.Path, "--framework", "none", "--executor", executor, "--build-network", "host", "--image-namespace", ns, "--provenance", "off", .. reportArgs, .. extra],
            RepoPaths.Root, timeoutSeconds: 900);
        Assert.True(File.Exists(report), result.ToString());
        return (result, JObject.Parse(File.ReadAllText(report)));
    }

    /// <summary>An image this test's run left without a tag (it lost its tag to the image it was put back to).</summary>
    private static void RemoveUntagged(string imageId)
    {
        var inspect = DockerCli.Cli("image", "inspect", "--format", "{{len .RepoTags}}", imageId);
        if (inspect.ExitCode == 0 && inspect.Output.Trim() == "0")
        {
            DockerCli.Cli("image", "rm", imageId);
        }
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
