using System.Text.RegularExpressions;
using Build.Tests.Release.Support;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release;

/// <summary>
/// The registry features against a real docker-registry on 127.0.0.1 and the real engine, through the host:
/// a shared cache exported, then imported into an engine emptied of this test's images and cache records (hits
/// counted from BuildKit's progress), and a two-platform manifest list, from one Publish of both platforms and from
/// per-architecture pushes by digest merged by MergeManifests. The fixture Dockerfile has no RUN step (this machine has
/// no binfmt_misc, so an arm64 RUN step cannot run here): it stands in for the real Dockerfiles' second architecture.
/// Every image is built under the test's own --image-namespace and removed by name; each test checks that the engine
/// holds no image (tagged or dangling) it did not hold before.
/// </summary>
[Trait("Category", "Integration")]
[Collection(RegistryCacheCollection.Name)]
public sealed partial class RegistryCacheAndMultiArchTests : IDisposable
{
    private const string Version = "v7.7.7";
    private readonly LocalRegistry registry = new();
    private readonly List<string> files = [];
    private readonly List<IDisposable> cleanup = [];

    /// <summary>This test's --image-namespace: the local images the host builds are NS/dynamo:…, never a user's dynamo:*.</summary>
    private readonly string ns = TestRun.Namespace($"registry-{Guid.NewGuid():N}"[..17]);

    private readonly EngineSnapshot before;

    public RegistryCacheAndMultiArchTests()
    {
        DockerCli.Require();
        before = EngineSnapshot.Take();
    }

    /// <summary>GitHub Actions' branch variables would rename the cache: the tests set the branch through git alone.</summary>
    private static readonly Dictionary<string, string?> NoCi = new() { ["GITHUB_ACTIONS"] = null, ["GITHUB_HEAD_REF"] = null, ["GITHUB_REF_NAME"] = null };

    [Theory]
    [InlineData("sequential")]
    [InlineData("bake")]
    public void A_cache_registry_that_is_down_is_a_warning_and_the_image_is_built_unless_strict(string executor)
    {
        // A port nothing listens on: chosen by the kernel, then closed.
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var checkout = Own(new TinyCheckout(branch: "feature/down"));
        string[] args = ["--repo-root", checkout.Path, "--framework", "none", "--target", "BuildRuntime", "--image-namespace", ns,
            "--cache-registry", $"127.0.0.1:{port}/itest", "--executor", executor];

        var lenient = EppInputs.Host(NoCi, args);
        Assert.True(lenient.ExitCode == 0, lenient.Output + lenient.Error);
        Assert.Contains($"{ns}/dynamo:latest-none-runtime", OwnImages());
        TestRun.RemoveNamespace(ns);

        var strict = EppInputs.Host(NoCi, [.. args, "--strict-cache"]);
        Assert.True(strict.ExitCode != 0, strict.Output + strict.Error);
        Assert.Contains($"127.0.0.1:{port}", strict.Output + strict.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_branch_build_exports_its_cache_and_an_emptied_engine_builds_from_it_with_cache_hits()
    {
        var checkout = Own(new TinyCheckout(branch: "feature/cache"));
        string[] args = ["--repo-root", checkout.Path, "--framework", "none", "--target", "BuildRuntime", "--image-namespace", ns,
            "--cache-registry", $"{registry.Host}/itest", "--executor", "sequential", "--build-flag=--progress=plain"];

        var cold = EppInputs.Host(NoCi, args);
        Assert.True(cold.ExitCode == 0, cold.Output + cold.Error);
        Assert.Equal((0, 3), Steps(cold, checkout.Nonce));
        Assert.Equal(["none-runtime-feature-cache"], registry.Tags("itest/dynamo-cache"));

        // Empty the engine of what this test made: its images and its cache records (their descriptions name the nonce).
        var built = OwnImages();
        Assert.Equal(2, built.Count);
        Assert.Contains($"{ns}/dynamo:latest-none-runtime", built);
        TestRun.RemoveNamespace(ns);
        checkout.PruneOwnCache();
        Assert.Equal(0, checkout.OwnCacheRecords());

        var warm = EppInputs.Host(NoCi, args);
        Assert.True(warm.ExitCode == 0, warm.Output + warm.Error);
        Assert.Contains($"importing cache manifest from {registry.Host}/itest/dynamo-cache:none-runtime-feature-cache", warm.Output + warm.Error, StringComparison.Ordinal);

        // The build took its steps from the registry's cache: BuildKit reports cache hits although the engine had no
        // record of this test's steps. (Not asserted: that every step hit. On this engine a step occasionally runs again
        // after the scoped prune, which cannot be told apart from a pruned record that BuildKit still half-knows.)
        var (cached, ran) = Steps(warm, checkout.Nonce);
        Assert.InRange(cached, 1, 3);
        Assert.InRange(ran, 0, 3 - cached);
        TestRun.RemoveNamespace(ns);
        AssertEngineAsBefore(checkout);
    }

    /// <summary>
    /// A one-framework bake (what each CI matrix job runs, and what --executor auto keeps for it with a cache) imports
    /// its cache too: the report's step counts come from BuildKit's rawjson progress (docs/decisions.md §6.1).
    /// </summary>
    [Fact]
    public void A_one_framework_bake_exports_its_cache_and_an_emptied_engine_takes_its_steps_from_it()
    {
        var checkout = Own(new TinyCheckout(branch: "feature/bake-cache"));
        var report = File("bake-cache.json");
        string[] args = ["--repo-root", checkout.Path, "--framework", "none", "--target", "BuildRuntime", "--image-namespace", ns,
            "--cache-registry", $"{registry.Host}/itest", "--report-json", report];

        var cold = EppInputs.Host(NoCi, args);
        Assert.True(cold.ExitCode == 0, cold.Output + cold.Error);
        Assert.Equal((0, 3), ReportSteps(report)); // step counts: the report of a bake (auto chose it for one framework)
        Assert.Equal(["none-runtime-feature-bake-cache"], registry.Tags("itest/dynamo-cache"));

        TestRun.RemoveNamespace(ns);
        checkout.PruneOwnCache();
        Assert.Equal(0, checkout.OwnCacheRecords());

        var warm = EppInputs.Host(NoCi, args);
        Assert.True(warm.ExitCode == 0, warm.Output + warm.Error);

        // As with one build after another (the test above): cache hits the engine had no record of, not necessarily all.
        var (cached, ran) = ReportSteps(report);
        Assert.InRange(cached, 1, 3);
        Assert.InRange(ran, 0, 3 - cached);
        TestRun.RemoveNamespace(ns);
        AssertEngineAsBefore(checkout);
    }

    [Theory]
    [InlineData("bake")]
    [InlineData("sequential")]
    public void One_publish_of_two_platforms_pushes_each_and_merges_them_into_one_manifest_list_with_its_digest_in_the_report(string executor)
    {
        var checkout = Own(new TinyCheckout());
        checkout.Tag(Version);
        var report = File("both.json");
        var run = EppInputs.Host(NoCi, "--repo-root", checkout.Path, "--framework", "none", "--target", "BuildRuntime", "--target", "Publish", "--executor", executor,
            "--platform", "linux/amd64,linux/arm64", "--registry", $"{registry.Host}/team", "--image-namespace", ns, "--report-json", report);
        Assert.True(run.ExitCode == 0, run.Output + run.Error);

        // One architecture's image stays local (the machine's own), under the test's names; the pushes left no image.
        Assert.Equal([$"{ns}/dynamo:latest-none-runtime", $"{ns}/dynamo:{Version}-none-runtime"], OwnImages());
        Assert.Equal("amd64", DockerCli.Ok("image", "inspect", $"{ns}/dynamo:{Version}-none-runtime", "--format", "{{.Architecture}}").Trim());
        Assert.DoesNotContain(EngineSnapshot.Take().Images, i => i.StartsWith(registry.Host, StringComparison.Ordinal));

        var json = JObject.Parse(System.IO.File.ReadAllText(report));
        var repository = $"team/{ns}/dynamo";
        var pushed = ((JArray)json["pushed"]!).ToList();
        Assert.Equal(["linux/amd64", "linux/arm64"], pushed.Select(p => (string)p["platform"]!));
        Assert.All(pushed, p => Assert.Equal([$"{registry.Host}/{repository}:{Version}-none-runtime", $"{registry.Host}/{repository}:latest-none-runtime"], p["manifestTags"]!.Select(t => (string)t!)));

        // The list under both tags holds both platforms, and its entries are the images the two pushes made.
        AssertListOf(repository, pushed.ToDictionary(p => ((string)p["platform"]!)[6..], p => (string)p["digest"]!));
        var merged = (JObject)Assert.Single((JArray)json["merged"]!);
        Assert.Equal(registry.Digest(repository, $"{Version}-none-runtime"), (string)merged["digest"]!);
        Assert.Equal(registry.Digest(repository, "latest-none-runtime"), (string)merged["digest"]!);
        Assert.Equal([$"{registry.Host}/{repository}:{Version}-none-runtime-amd64", $"{registry.Host}/{repository}:{Version}-none-runtime-arm64"], merged["sources"]!.Select(s => (string)s!));

        TestRun.RemoveNamespace(ns);
        AssertEngineAsBefore(checkout);
    }

    /// <summary>The manifest list under the version and latest tags: linux/amd64 and linux/arm64, each the image of its push.</summary>
    private void AssertListOf(string repository, IReadOnlyDictionary<string, string> digests)
    {
        var list = registry.Manifest(repository, $"{Version}-none-runtime");
        var images = list["manifests"]!.Where(m => (string?)m["platform"]?["os"] == "linux").ToList();
        Assert.Equal(["linux/amd64", "linux/arm64"], images.Select(m => $"{m["platform"]!["os"]}/{m["platform"]!["architecture"]}").Order(StringComparer.Ordinal));
        foreach (var (arch, digest) in digests)
        {
            // Each per-architecture push is an index (image + attestation); its image manifest is the list's entry for that platform.
            var perArch = registry.Manifest(repository, digest);
            var image = perArch["manifests"]!.Single(m => (string?)m["platform"]?["architecture"] == arch);
            Assert.Contains(images, m => (string)m["digest"]! == (string)image["digest"]!);
        }

        Assert.Equal(Version, (string?)list["annotations"]?["org.opencontainers.image.version"]);
        Assert.Equal(registry.Digest(repository, $"{Version}-none-runtime"), registry.Digest(repository, "latest-none-runtime"));
    }

    /// <summary>This test's local images (under its namespace), sorted.</summary>
    private List<string> OwnImages() =>
        EngineSnapshot.Take().Images.Where(i => i.StartsWith(ns + "/", StringComparison.Ordinal)).ToList();

    /// <summary>
    /// No image of this test that the engine did not hold when the test started: tagged under its namespace or the
    /// registry, or dangling (&lt;none&gt;@ID) with the checkout's commit as its revision label. (Images others make
    /// meanwhile on the shared engine are not this test's to judge.)
    /// </summary>
    private void AssertEngineAsBefore(TinyCheckout checkout)
    {
        var added = EngineSnapshot.Take().Images.Except(before.Images).ToList();
        Assert.DoesNotContain(added, i => i.StartsWith(ns + "/", StringComparison.Ordinal) || i.StartsWith(registry.Host + "/", StringComparison.Ordinal));
        var dangling = added.Where(i => i.StartsWith("<none>@", StringComparison.Ordinal))
            .Where(i => DockerCli.Cli("image", "inspect", i["<none>@".Length..], "--format", "{{index .Config.Labels \"org.opencontainers.image.revision\"}}").Output.Trim() == checkout.Commit);
        Assert.Empty(dangling);
    }

    [Fact]
    public void Per_architecture_pushes_by_digest_merge_into_one_manifest_list_with_both_platforms_and_the_digest_in_the_report()
    {
        var checkout = Own(new TinyCheckout());
        checkout.Tag(Version);
        var repository = $"team/{ns}/dynamo";
        var digests = new Dictionary<string, string>();
        foreach (var arch in new[] { "amd64", "arm64" })
        {
            var report = File($"{arch}.json");
            var run = EppInputs.Host(NoCi, "--repo-root", checkout.Path, "--framework", "none", "--target", "BuildRuntime", "--target", "Publish", "--platform", $"linux/{arch}",
                "--registry", $"{registry.Host}/team", "--image-namespace", ns, "--push-by-digest", "--report-json", report);
            Assert.True(run.ExitCode == 0, run.Output + run.Error);
            var pushed = Assert.Single((JArray)JObject.Parse(System.IO.File.ReadAllText(report))["pushed"]!);
            Assert.Equal($"linux/{arch}", (string)pushed["platform"]!);
            Assert.Equal([$"{registry.Host}/{repository}:{Version}-none-runtime", $"{registry.Host}/{repository}:latest-none-runtime"], pushed["manifestTags"]!.Select(t => (string)t!));
            digests[arch] = (string)pushed["digest"]!;

            // Each run's local images are this architecture's; removed by name before the next run builds the other
            // one under the same names (which would leave this one dangling). The push left no local image.
            Assert.Equal([$"{ns}/dynamo:latest-none-runtime", $"{ns}/dynamo:{Version}-none-runtime"], OwnImages());
            Assert.DoesNotContain(EngineSnapshot.Take().Images, i => i.StartsWith(registry.Host, StringComparison.Ordinal));
            TestRun.RemoveNamespace(ns);
        }

        // The final tags do not exist before the merge: the per-architecture runs moved no tag.
        Assert.DoesNotContain($"{Version}-none-runtime", registry.Tags(repository));

        // A mismatched digests file (the same platform twice) is refused and pushes nothing.
        var bad = EppInputs.Host(NoCi, "--repo-root", checkout.Path, "--target", "MergeManifests", "--registry", $"{registry.Host}/team",
            "--digests-from", File("amd64.json"), "--digests-from", File("amd64.json"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal($"ERROR: --digests-from '{File("amd64.json")}' and '{File("amd64.json")}' are both linux/amd64: a manifest list holds each platform once.", bad.Error.Trim());
        Assert.DoesNotContain($"{Version}-none-runtime", registry.Tags(repository));

        var merged = File("merged.json");
        var merge = EppInputs.Host(NoCi, "--repo-root", checkout.Path, "--target", "MergeManifests", "--registry", $"{registry.Host}/team",
            "--digests-from", File("amd64.json"), "--digests-from", File("arm64.json"), "--report-json", merged);
        Assert.True(merge.ExitCode == 0, merge.Output + merge.Error);

        AssertListOf(repository, digests);
        var mergedList = (JObject)JObject.Parse(System.IO.File.ReadAllText(merged))["merged"]![0]!;
        Assert.Equal(registry.Digest(repository, $"{Version}-none-runtime"), (string)mergedList["digest"]!);
        Assert.Equal(digests.Values.Select(d => $"{registry.Host}/{repository}@{d}").Order(StringComparer.Ordinal), mergedList["sources"]!.Select(s => (string)s!).Order(StringComparer.Ordinal));
        AssertEngineAsBefore(checkout);
    }

    /// <summary>The one image's cached and run step counts from a --report-json of a bake.</summary>
    private static (int Cached, int Ran) ReportSteps(string report)
    {
        var steps = Assert.Single((JArray)JObject.Parse(System.IO.File.ReadAllText(report))["images"]!)["steps"]!;
        return ((int)steps["cached"]!, (int)steps["run"]!);
    }

    /// <summary>From BuildKit's plain progress, the steps naming the nonce: how many were CACHED, how many ran (DONE, not cached).</summary>
    private static (int Cached, int Ran) Steps(Run.Result result, string nonce)
    {
        var text = result.Output + "\n" + result.Error;
        var named = StepLine().Matches(text).Where(m => m.Groups["name"].Value.Contains(nonce, StringComparison.Ordinal)).Select(m => m.Groups["id"].Value).ToHashSet();
        var cached = CachedLine().Matches(text).Select(m => m.Groups["id"].Value).Where(named.Contains).ToHashSet();
        var done = DoneLine().Matches(text).Select(m => m.Groups["id"].Value).Where(named.Contains).ToHashSet();
        return (cached.Count, done.Except(cached).Count());
    }

    [GeneratedRegex(@"^#(?<id>[0-9]+) DONE [0-9.]+s\s*$", RegexOptions.Multiline)]
    private static partial Regex DoneLine();

    [GeneratedRegex(@"^#(?<id>[0-9]+) (?<name>\[.*)$", RegexOptions.Multiline)]
    private static partial Regex StepLine();

    [GeneratedRegex(@"^#(?<id>[0-9]+) CACHED\s*$", RegexOptions.Multiline)]
    private static partial Regex CachedLine();

    private string File(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"itest-{GetHashCode():x}-{name}");
        if (!files.Contains(path))
        {
            files.Add(path);
        }

        return path;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        cleanup.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        // The images first: a checkout prunes its cache records, which no image may still hold.
        TestRun.RemoveNamespace(ns);
        foreach (var item in Enumerable.Reverse(cleanup))
        {
            item.Dispose();
        }

        foreach (var file in files)
        {
            System.IO.File.Delete(file);
        }

        registry.Dispose();
    }
}

/// <summary>
/// Not in parallel with other tests: the cache test prunes BuildKit records (its own, by description) and counts
/// cache hits, so it runs after the parallel collections, alone (as the engine hygiene check does).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RegistryCacheCollection
{
    public const string Name = "Registry cache (alone)";
}
