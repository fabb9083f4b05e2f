using Build.Docker;
using Build.Execution;
using Build.Facts;
using Build.Planning;
using Build.Tests.Support;
using Build.Versioning;

namespace Build.Tests.Planning;

/// <summary>
/// Publish of several --platform values in one run (docs/decisions.md §6.2), planned from hand-made facts: the local
/// images for the machine's own platform, per platform a push under the per-architecture tag, one merge per image.
/// </summary>
public sealed class MultiPlatformPublishTests
{
    private const string V = "v0.4.1.dev.abc1234";
    private const string Labels = "--label org.opencontainers.image.version=v0.4.1.dev.abc1234 --label org.opencontainers.image.revision=abc1234abc1234abc1234abc1234abc1234abc12 --label org.opencontainers.image.created=2026-01-02T03:04:05Z";
    private const string Annotations = "--annotation manifest:org.opencontainers.image.version=v0.4.1.dev.abc1234 --annotation manifest:org.opencontainers.image.revision=abc1234abc1234abc1234abc1234abc1234abc12 --annotation manifest:org.opencontainers.image.created=2026-01-02T03:04:05Z";
    private const string VllmArgs = "--build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base --build-arg BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04 --build-arg FRAMEWORK=VLLM --build-arg VLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0";

    private static readonly string[] Args = ["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000/team", "--allow-dirty", "--platform", "linux/amd64,linux/arm64", "--dry-run"];

    private static string Build(string file, string stage, string platform, string tagsOrOutput, string? dynamoBase = null) =>
        $"docker build -f /repo/container/{file} --target {stage} --platform {platform}"
        + (platform == "linux/arm64" ? " --build-arg ARCH=arm64 --build-arg ARCH_ALT=aarch64" : "")
        + $" {VllmArgs}" + (dynamoBase is null ? "" : $" --build-arg DYNAMO_BASE_IMAGE={dynamoBase}") + tagsOrOutput;

    private static string Push(string arch) =>
        $" {Labels} --output type=image,name=127.0.0.1:5000/team/dynamo:{V}-vllm-runtime-{arch},push=true,store=false {Annotations}"
        + $" --metadata-file /repo/.build/metadata/127-0-0-1-5000-team-dynamo-v0-4-1-dev-abc1234-vllm-runtime-{arch}.json /repo";

    [Fact]
    public void Each_platform_is_pushed_under_its_per_architecture_tag_and_one_list_merges_them_under_the_images_tags()
    {
        string[] expected =
        [
            "mkdir -p /repo/.build/metadata",
            Build("Dockerfile", "dev", "linux/amd64", $" --tag dynamo-base:{V}-vllm {Labels} /repo"),
            Build("Dockerfile.vllm", "runtime", "linux/amd64", $" --tag dynamo:{V}-vllm-runtime --tag dynamo:latest-vllm-runtime {Labels} /repo", $"dynamo-base:{V}-vllm"),

            // The other platform's base, under a per-architecture name (the local platform's keeps its own), and its
            // image into the builder's cache only: every platform is built before the first push (all or nothing).
            Build("Dockerfile", "dev", "linux/arm64", $" --tag dynamo-base:{V}-vllm-arm64 {Labels} /repo"),
            Build("Dockerfile.vllm", "runtime", "linux/arm64", $" {Labels} --output type=cacheonly /repo", $"dynamo-base:{V}-vllm-arm64"),
            Build("Dockerfile.vllm", "runtime", "linux/amd64", Push("amd64"), $"dynamo-base:{V}-vllm"),
            Build("Dockerfile.vllm", "runtime", "linux/arm64", Push("arm64"), $"dynamo-base:{V}-vllm-arm64"),
            $"docker buildx imagetools create --tag 127.0.0.1:5000/team/dynamo:{V}-vllm-runtime {Annotations.Replace("manifest:", "index:", StringComparison.Ordinal)}"
                + $" 127.0.0.1:5000/team/dynamo:{V}-vllm-runtime-amd64 127.0.0.1:5000/team/dynamo:{V}-vllm-runtime-arm64",
        ];
        Assert.Equal(expected, TestHost.ShellLines(TestHost.Context(Args)));
    }

    [Fact]
    public void The_pushes_record_platform_source_and_list_tags_and_the_merge_names_each_push()
    {
        var steps = TestHost.Context([.. Args, "--push-latest"]).Plan.Steps;
        var pushes = steps.Select(s => s.Command).OfType<DockerPushByDigestSettings>().ToList();
        Assert.Equal(["linux/amd64", "linux/arm64"], pushes.Select(p => p.Build.Platform));
        Assert.All(pushes, p => Assert.Equal((
            $"dynamo:{V}-vllm-runtime",
            "127.0.0.1:5000/team/dynamo",
            new[] { $"127.0.0.1:5000/team/dynamo:{V}-vllm-runtime", "127.0.0.1:5000/team/dynamo:latest-vllm-runtime" }.AsEnumerable()),
            (p.Source, p.Repository, p.ManifestTags.AsEnumerable()), new TupleComparer()));
        var list = Assert.Single(steps.Select(s => s.Command).OfType<DockerImagetoolsCreateSettings>());
        Assert.Equal(pushes.Select(p => p.Staging!), list.Sources);
        Assert.Equal(pushes[0].ManifestTags, list.Tags);
        Assert.All(steps.Where(s => s.Command is DockerPushByDigestSettings or DockerImagetoolsCreateSettings), s => Assert.Equal("Publish", s.Task));
    }

    [Fact]
    public void An_exact_version_tag_lists_the_latest_tags_too_and_an_untagged_head_does_not()
    {
        var tagged = TestHost.ReferenceFacts() with { Version = VersionInfo.From("v1.0.0", null, new string('a', 40), "aaaaaaa", DateTimeOffset.UnixEpoch, null) };
        var release = TestHost.Context(Args, tagged).Plan.Steps.Select(s => s.Command).OfType<DockerPushByDigestSettings>().ToList();
        Assert.Equal(2, release.Count);
        Assert.All(release, p => Assert.Equal(["127.0.0.1:5000/team/dynamo:v1.0.0-vllm-runtime", "127.0.0.1:5000/team/dynamo:latest-vllm-runtime"], p.ManifestTags));

        var untagged = TestHost.Context(Args).Plan.Steps.Select(s => s.Command).OfType<DockerPushByDigestSettings>().ToList();
        Assert.All(untagged, p => Assert.Equal([$"127.0.0.1:5000/team/dynamo:{V}-vllm-runtime"], p.ManifestTags));
    }

    [Theory]
    [InlineData("linux/arm64,linux/amd64", "amd64", "linux/amd64")]
    [InlineData("linux/amd64,linux/arm64", "arm64", "linux/arm64")]
    [InlineData("linux/arm64,linux/amd64", null, "linux/arm64")]
    public void The_local_images_are_built_for_the_machines_own_platform_else_the_first_listed(string platforms, string? native, string local)
    {
        var context = TestHost.Context([.. Args, "--platform", platforms], TestHost.ReferenceFacts() with { NativeArchitecture = native });
        var localBuilds = context.Plan.Steps.Where(s => s.Task != "Publish").Select(s => (DockerBuildSettings)s.Command).ToList();
        Assert.Equal(2, localBuilds.Count);
        Assert.All(localBuilds, b => Assert.Equal(local, b.Platform));

        // Pushes follow the list's order; the other platform's base and its image (into the cache only) are the only other builds.
        Assert.Equal(platforms.Split(','), context.Plan.Steps.Select(s => s.Command).OfType<DockerPushByDigestSettings>().Select(p => p.Build.Platform));
        var others = context.Plan.Steps.Where(s => s.Task == "Publish" && s.Command is DockerBuildSettings).ToList();
        Assert.Equal(2, others.Count);
        Assert.All(others, o => Assert.True(o.Intermediate));
        Assert.Equal([$"dynamo-base:{V}-vllm-{(local == "linux/amd64" ? "arm64" : "amd64")}"], others[0].Tags);
        Assert.Equal(["type=cacheonly"], ((DockerBuildSettings)others[1].Command).Outputs);
    }

    [Fact]
    public void Framework_none_has_no_base_so_only_the_other_platforms_build_pushes_and_the_merge_follow_the_local_build()
    {
        var context = TestHost.Context([.. Args, "--framework", "none"]);
        Assert.Equal(
            ["none image, stage runtime", $"dynamo:{V}-none-runtime for linux/arm64", "push 127.0.0.1:5000/team/dynamo (linux/amd64) by digest", "push 127.0.0.1:5000/team/dynamo (linux/arm64) by digest", $"manifest list 127.0.0.1:5000/team/dynamo:{V}-none-runtime"],
            context.Plan.Steps.Select(s => s.Title));
    }

    [Fact]
    public void Several_frameworks_get_one_list_each_and_a_login_comes_first()
    {
        var steps = TestHost.Context([.. Args, "--framework", "none,sglang", "--registry-user", "ci"]).Plan.StepsOf("Publish").ToList();
        Assert.IsType<DockerLoginSettings>(steps[0].Command);
        Assert.Equal(
            [[$"127.0.0.1:5000/team/dynamo:{V}-none-runtime"], [$"127.0.0.1:5000/team/dynamo:{V}-sglang-runtime"]],
            steps.Select(s => s.Command).OfType<DockerImagetoolsCreateSettings>().Select(l => l.Tags));
        Assert.Equal(4, steps.Count(s => s.Command is DockerPushByDigestSettings));
    }

    [Fact]
    public void With_a_builder_the_pushes_still_go_under_their_per_architecture_tag_so_the_merge_can_name_them()
    {
        var pushes = TestHost.Context([.. Args, "--framework", "none", "--builder", "multi"]).Plan.Steps.Select(s => s.Command).OfType<DockerPushByDigestSettings>();
        Assert.Equal(
            [$"type=image,name=127.0.0.1:5000/team/dynamo:{V}-none-runtime-amd64,push=true,store=false", $"type=image,name=127.0.0.1:5000/team/dynamo:{V}-none-runtime-arm64,push=true,store=false"],
            pushes.Select(p => Assert.Single(p.Build.Outputs)));
    }

    [Fact]
    public void Under_bake_the_other_platforms_base_is_a_target_and_the_pushes_and_merge_run_after_the_bake()
    {
        var context = TestHost.Context(Args, TestHost.ReferenceFacts() with { Buildx = new BuildxFacts("0.29.1", null) });
        Assert.Equal(PlanExecutor.Bake, context.Plan.Executor);
        var bake = (DockerBakeSettings)context.Plan.Bake!.Command;
        Assert.Equal(["linux/amd64", "linux/amd64", "linux/arm64", "linux/arm64"], bake.Targets.Select(t => t.Build.Platform));
        Assert.Equal($"dynamo-base:{V}-vllm-arm64", bake.Targets[2].Build.Tags.Single());

        // The other platform's image is a target of the same bake, into the builder's cache only: a platform that
        // fails stops the bake before any push.
        Assert.Equal(["type=cacheonly"], bake.Targets[3].Build.Outputs);
        Assert.Equal($"dynamo-v0-4-1-dev-abc1234-vllm-runtime-for-linux-arm64", bake.Targets[3].Name);
        Assert.Equal("target:dynamo-base-v0-4-1-dev-abc1234-vllm-arm64", (string?)DockerBakeSettings.Render(bake.Targets)["target"]![bake.Targets[3].Name]!["contexts"]![$"dynamo-base:{V}-vllm-arm64"]);
        Assert.Equal(
            ["bake 4 images", "push 127.0.0.1:5000/team/dynamo (linux/amd64) by digest", "push 127.0.0.1:5000/team/dynamo (linux/arm64) by digest", $"manifest list 127.0.0.1:5000/team/dynamo:{V}-vllm-runtime"],
            context.Plan.ExecutionOrder.Select(s => s.Title));

        // The plan JSON keeps every step: the pushes and the merge with their argv.
        var json = PlanOutput.ToJson(context.Plan, "docker").ToString();
        Assert.Contains($"type=image,name=127.0.0.1:5000/team/dynamo:{V}-vllm-runtime-arm64,push=true,store=false", json, StringComparison.Ordinal);
        Assert.Contains($"\"127.0.0.1:5000/team/dynamo:{V}-vllm-runtime-arm64\"", json, StringComparison.Ordinal);
    }

    private sealed class TupleComparer : IEqualityComparer<(string, string, IEnumerable<string>)>
    {
        public bool Equals((string, string, IEnumerable<string>) x, (string, string, IEnumerable<string>) y) =>
            x.Item1 == y.Item1 && x.Item2 == y.Item2 && x.Item3.SequenceEqual(y.Item3);

        public int GetHashCode((string, string, IEnumerable<string>) obj) => 0;
    }
}
