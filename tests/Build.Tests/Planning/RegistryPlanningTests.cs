using Build.Docker;
using Build.Facts;
using Build.Options;
using Build.Planning;
using Build.Tests.Support;
using Build.Versioning;

namespace Build.Tests.Planning;

/// <summary>Shared caches, attestations, pass-through flags, push by digest and merged manifest lists, planned from hand-made facts.</summary>
public sealed class RegistryPlanningTests
{
    private const string V = "v0.4.1.dev.abc1234";
    private const string Cache = "127.0.0.1:5000/ci/dynamo-cache";

    private static PlanningFacts OnBranch(string branch) => TestHost.ReferenceFacts() with { Branch = branch };

    private static DockerBuildSettings[] Builds(string[] args, PlanningFacts? facts = null) =>
        TestHost.Context(args, facts).Plan.Steps.Select(s => s.Command).OfType<DockerBuildSettings>().ToArray();

    [Fact]
    public void Each_image_reads_its_branch_cache_then_mains_and_writes_its_branch_cache_after_the_users_own()
    {
        var builds = Builds(["--target", "BuildRuntime", "--cache-registry", "127.0.0.1:5000/ci", "--cache-from", "type=local,src=/c"], OnBranch("feature/new"));
        Assert.Equal(["type=local,src=/c", $"type=registry,ref={Cache}:vllm-base-feature-new", $"type=registry,ref={Cache}:vllm-base-main"], builds[0].CacheFrom);
        Assert.Equal([$"type=registry,ref={Cache}:vllm-base-feature-new,mode=max,ignore-error=true"], builds[0].CacheTo);
        Assert.Equal(["type=local,src=/c", $"type=registry,ref={Cache}:vllm-runtime-feature-new", $"type=registry,ref={Cache}:vllm-runtime-main"], builds[1].CacheFrom);
        Assert.Equal([$"type=registry,ref={Cache}:vllm-runtime-feature-new,mode=max,ignore-error=true"], builds[1].CacheTo);
    }

    [Fact]
    public void Main_has_no_fallback_other_architectures_have_their_own_cache_and_local_dev_names_its_framework()
    {
        var builds = Builds(["--target", "BuildLocalDev", "--framework", "sglang", "--platform", "linux/arm64", "--cache-registry", "127.0.0.1:5000/ci"]);
        Assert.Equal(
            [
                [$"type=registry,ref={Cache}:sglang-base-arm64-main"],
                [$"type=registry,ref={Cache}:sglang-dev-arm64-main"],
                [$"type=registry,ref={Cache}:sglang-local-dev-arm64-main"],
            ],
            builds.Select(b => b.CacheFrom));
    }

    [Fact]
    public void The_gha_preset_names_scopes_the_same_way()
    {
        var build = Builds(["--framework", "none", "--target", "BuildRuntime", "--cache-registry", "gha"], OnBranch("pr-9"))[0];
        Assert.Equal(["type=gha,scope=dynamo-cache-none-runtime-pr-9", "type=gha,scope=dynamo-cache-none-runtime-main"], build.CacheFrom);
        Assert.Equal(["type=gha,scope=dynamo-cache-none-runtime-pr-9,mode=max,ignore-error=true"], build.CacheTo);
    }

    [Fact]
    public void Strict_cache_makes_a_failed_export_fail_the_build()
    {
        var build = Builds(["--framework", "none", "--target", "BuildRuntime", "--cache-registry", "gha", "--strict-cache"], OnBranch("pr-9"))[0];
        Assert.Equal(["type=gha,scope=dynamo-cache-none-runtime-pr-9,mode=max"], build.CacheTo);
    }

    [Fact]
    public void Without_the_option_no_cache_is_added()
    {
        Assert.All(Builds(["--target", "BuildRuntime"]), b => Assert.Empty(b.CacheFrom.Concat(b.CacheTo)));
    }

    [Fact]
    public void Attestations_and_pass_through_flags_reach_every_build_and_the_dry_run()
    {
        var context = TestHost.Context(["--target", "BuildRuntime", "--provenance", "off", "--sbom", "ON", "--build-flag=--shm-size=2g", "--dry-run"]);
        var builds = context.Plan.Steps.Select(s => (DockerBuildSettings)s.Command).ToList();
        Assert.All(builds, b => Assert.Equal((false, true, "--shm-size=2g"), (b.Provenance!.Value, b.Sbom!.Value, string.Join(' ', b.ExtraFlags))));
        Assert.All(TestHost.ShellLines(context).Where(l => l.StartsWith("docker build", StringComparison.Ordinal)),
            line => Assert.EndsWith("--provenance false --sbom true --shm-size=2g /repo", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Push_by_digest_builds_each_published_image_again_with_the_registry_exporter_and_labels_as_annotations()
    {
        var context = TestHost.Context(["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000/team", "--push-by-digest", "--platform", "linux/arm64", "--allow-dirty", "--push-latest", "--dry-run"]);
        var push = context.Plan.Steps.Select(s => s.Command).OfType<DockerPushByDigestSettings>().Single();
        var runtime = context.Plan.Steps.Select(s => s.Command).OfType<DockerBuildSettings>().Last();
        Assert.Equal($"dynamo:{V}-vllm-runtime", push.Source);
        Assert.Equal("127.0.0.1:5000/team/dynamo", push.Repository);
        Assert.Equal([$"127.0.0.1:5000/team/dynamo:{V}-vllm-runtime", "127.0.0.1:5000/team/dynamo:latest-vllm-runtime"], push.ManifestTags);
        Assert.Equal(runtime with
        {
            Tags = [],
            Outputs = [$"type=image,name=127.0.0.1:5000/team/dynamo:{V}-vllm-runtime-arm64,push=true,store=false"],
            Annotations = runtime.Labels.Select(l => $"manifest:{l.Key}={l.Value}").ToList(),
            MetadataFile = $"/repo/.build/metadata/127-0-0-1-5000-team-dynamo-{V.Replace('.', '-')}-vllm-runtime-arm64.json",
        }, push.Build with { Annotations = push.Build.Annotations.ToList() }, new BuildSettingsComparer());
        Assert.Contains("manifest:org.opencontainers.image.version=" + V, push.Build.Annotations);
        Assert.Contains("/repo/.build/metadata", context.Plan.Directories);
        Assert.DoesNotContain(context.Plan.Steps, s => s.Command is DockerPushSettings or DockerTagSettings);
    }

    [Fact]
    public void With_a_builder_the_image_is_pushed_by_digest_alone()
    {
        var push = TestHost.Context(["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000", "--push-by-digest", "--builder", "multi", "--allow-dirty"])
            .Plan.Steps.Select(s => s.Command).OfType<DockerPushByDigestSettings>().Single();
        Assert.Equal(["type=image,name=127.0.0.1:5000/dynamo,push-by-digest=true,name-canonical=true,push=true"], push.Build.Outputs);
    }

    [Fact]
    public void With_buildx_default_builder_named_the_image_goes_under_the_per_architecture_tag()
    {
        // `default` is the engine's own builder (docker driver), which cannot push by digest (what CI's
        // docker/setup-buildx-action names when it falls back to it).
        var push = TestHost.Context(["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000", "--push-by-digest", "--builder", "default", "--allow-dirty", "--platform", "linux/arm64"])
            .Plan.Steps.Select(s => s.Command).OfType<DockerPushByDigestSettings>().Single();
        Assert.Equal([$"type=image,name=127.0.0.1:5000/dynamo:{V}-vllm-runtime-arm64,push=true,store=false"], push.Build.Outputs);
    }

    private static DigestReport Report(string file, string platform, string version = V, string repository = "127.0.0.1:5000/team/dynamo", string digestChar = "a", string image = "none-runtime") =>
        new(file, version, [new DigestPush(platform, repository, "sha256:" + new string(digestChar[0], 64), [$"{repository}:{V}-{image}", $"{repository}:latest-{image}"])]);

    private static ReleaseOptions Release => new() { Registry = RegistryTarget.Parse("127.0.0.1:5000/team") };

    [Fact]
    public void Merge_makes_one_list_per_image_from_every_platforms_digest_annotated_with_the_labels()
    {
        var lists = MergeComposer.Lists([Report("amd.json", "linux/amd64"), Report("arm.json", "linux/arm64", digestChar: "b")], [new("org.opencontainers.image.version", V)]);
        var list = Assert.Single(lists);
        Assert.Equal(
            $"docker buildx imagetools create --tag 127.0.0.1:5000/team/dynamo:{V}-none-runtime --tag 127.0.0.1:5000/team/dynamo:latest-none-runtime"
            + $" --annotation index:org.opencontainers.image.version={V}"
            + $" 127.0.0.1:5000/team/dynamo@sha256:{new string('a', 64)} 127.0.0.1:5000/team/dynamo@sha256:{new string('b', 64)}",
            list.ShellLine("docker"));
    }

    [Fact]
    public void A_merge_from_per_architecture_tags_lists_them_after_the_tags_and_annotations()
    {
        var list = MergeComposer.List(
            ["r.example.com/team/dynamo:1.0-none-runtime", "r.example.com/team/dynamo:latest-none-runtime"],
            ["r.example.com/team/dynamo:1.0-none-runtime-amd64", "r.example.com/team/dynamo:1.0-none-runtime-arm64"],
            [new("org.opencontainers.image.version", "1.0")]);
        Assert.Equal(
            "buildx imagetools create --tag r.example.com/team/dynamo:1.0-none-runtime --tag r.example.com/team/dynamo:latest-none-runtime"
            + " --annotation index:org.opencontainers.image.version=1.0 r.example.com/team/dynamo:1.0-none-runtime-amd64 r.example.com/team/dynamo:1.0-none-runtime-arm64",
            string.Join(' ', list.ToArguments().Select(a => a.Value)));
    }

    public static TheoryData<string[], string> MismatchedReports => new()
    {
        { ["other-version"], "--digests-from 'arm.json' was built from version v9, but this checkout is v0.4.1.dev.abc1234" },
        { ["same-platform"], "--digests-from 'arm.json' and 'amd.json' are both linux/amd64" },
        { ["other-registry"], "--digests-from 'arm.json' pushed other.example.com/team/dynamo, which is not under --registry 127.0.0.1:5000/team" },
        { ["other-image"], "--digests-from 'arm.json' and 'amd.json' pushed different images" },
    };

    [Theory]
    [MemberData(nameof(MismatchedReports))]
    public void Reports_that_do_not_belong_together_are_refused(string[] mismatch, string expected)
    {
        var second = mismatch[0] switch
        {
            "other-version" => Report("arm.json", "linux/arm64", version: "v9"),
            "same-platform" => Report("arm.json", "linux/amd64"),
            "other-registry" => Report("arm.json", "linux/arm64", repository: "other.example.com/team/dynamo"),
            _ => Report("arm.json", "linux/arm64", image: "vllm-runtime"),
        };
        var error = Assert.Throws<UsageException>(() => MergeComposer.Check(Release, [Report("amd.json", "linux/amd64"), second], V));
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_that_holds_two_platforms_is_refused()
    {
        var amd = Report("amd.json", "linux/amd64");
        var both = amd with { Pushes = [.. amd.Pushes, Report("amd.json", "linux/arm64", digestChar: "b", image: "vllm-runtime").Pushes[0]] };
        var error = Assert.Throws<UsageException>(() => MergeComposer.Check(Release, [both], V));
        Assert.Equal("--digests-from 'amd.json' holds several platforms: give one report per per-architecture run.", error.Message);
    }

    /// <summary>Compares settings by their argv (lists inside records compare by reference).</summary>
    private sealed class BuildSettingsComparer : IEqualityComparer<DockerBuildSettings>
    {
        public bool Equals(DockerBuildSettings? x, DockerBuildSettings? y) =>
            x!.ToArguments().Select(a => a.Value).SequenceEqual(y!.ToArguments().Select(a => a.Value));

        public int GetHashCode(DockerBuildSettings obj) => 0;
    }
}
