using Build.Docker;
using Build.Planning;
using Build.Tests.Support;

namespace Build.Tests.Planning;

/// <summary>The tags a plan moves in the client's engine (docs/decisions.md §4.5): what the run locks and notes before its first step.</summary>
public sealed class EngineTagsTests
{
    private const string V = "v0.4.1.dev.abc1234";

    [Fact]
    public void A_runtime_publish_moves_the_base_the_runtime_tags_and_the_registry_tag_once_each_sorted()
    {
        var plan = TestHost.Context(["--target", "BuildRuntime", "--target", "Publish", "--registry", "r.example.com/team", "--allow-dirty", "--executor", "sequential"]).Plan;
        Assert.Equal(
            [$"dynamo-base:{V}-vllm", $"dynamo:latest-vllm-runtime", $"dynamo:{V}-vllm-runtime", $"r.example.com/team/dynamo:{V}-vllm-runtime"],
            EngineTags.Of(plan));
    }

    [Fact]
    public void Builds_into_the_builder_cache_or_another_engine_move_no_tag_here()
    {
        var plan = TestHost.Context(["--target", "BuildRuntime", "--target", "Publish", "--registry", "127.0.0.1:5000/team", "--allow-dirty", "--platform", "linux/amd64,linux/arm64", "--executor", "sequential"]).Plan;
        var tags = EngineTags.Of(plan);

        // The other platform's base is loaded here under its per-architecture name; its image goes to the cache only.
        Assert.Contains($"dynamo-base:{V}-vllm-arm64", tags);
        Assert.DoesNotContain(tags, t => t.Contains("-arm64", StringComparison.Ordinal) && !t.StartsWith("dynamo-base:", StringComparison.Ordinal));

        var build = new DockerBuildSettings { ContextPath = "/repo", File = "/repo/Dockerfile", Tags = ["x:1"] };
        Assert.True(EngineTags.LandsInEngine(build));
        Assert.True(EngineTags.LandsInEngine(build with { Outputs = ["type=docker,compression=uncompressed"] }));
        Assert.False(EngineTags.LandsInEngine(build with { Outputs = ["type=cacheonly"] }));
        Assert.False(EngineTags.LandsInEngine(build with { Outputs = ["type=dockerfile"] }));
        Assert.False(EngineTags.LandsInEngine(build with { Context = "other-engine" }));
    }

    [Fact]
    public void A_plan_that_only_runs_a_container_moves_no_tag()
    {
        var plan = TestHost.Context(["--target", "RunContainer", "--image", "dynamo:latest-vllm"]).Plan;
        Assert.Empty(EngineTags.Of(plan));
    }
}
