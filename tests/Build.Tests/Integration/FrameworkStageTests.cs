using Build.Tests.Support;

namespace Build.Tests.Integration;

/// <summary>
/// The framework stage of each framework Dockerfile needs the Dynamo base image (Build 1) only for sccache: without
/// USE_SCCACHE=true it builds from nothing of the base, so one bake builds it beside Build 1 instead of after it
/// (docs/decisions.md §3.1). Real builds (build cache only, no image is stored) against a base image that does not exist.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FrameworkStageTests
{
    private static readonly string AbsentBase = TestRun.Image("absent-dynamo-base", "never");

    public static TheoryData<string> Frameworks => ["vllm", "sglang", "trtllm"];

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void The_framework_stage_builds_without_the_base_image(string framework)
    {
        var build = Build(framework, "framework", useSccache: "false");
        Assert.True(build.ExitCode == 0, build.Output + build.Error);
    }

    [Theory]
    [MemberData(nameof(Frameworks))]
    public void With_sccache_the_framework_stage_takes_the_base_image(string framework)
    {
        // The stage the framework build mounts sccache from: the base image with USE_SCCACHE=true...
        var withSccache = Build(framework, "sccache_source", useSccache: "true");
        Assert.NotEqual(0, withSccache.ExitCode);
        Assert.Contains("absent-dynamo-base", withSccache.Error, StringComparison.Ordinal);

        // ...and the framework's own FROM image without it (the control: the same build, only the value differs).
        var without = Build(framework, "sccache_source", useSccache: "false");
        Assert.True(without.ExitCode == 0, without.Output + without.Error);
    }

    private static Run.Result Build(string framework, string target, string useSccache)
    {
        LocalBuildInputs.Ensure();
        var wheels = Directory.CreateTempSubdirectory("trtllm-wheel-");
        try
        {
            string[] args =
            [
                "buildx", "build", "--progress", "plain", "--network", "host", "--output", "type=cacheonly",
                "--file", Path.Combine(RepoPaths.Container, $"Dockerfile.{framework}"), "--target", target,
                "--build-arg", "BASE_IMAGE=local/debian", "--build-arg", "BASE_IMAGE_TAG=bookworm",
                "--build-arg", $"PIP_INDEX_URL={LocalBuildInputs.IndexUrl}",
                "--build-arg", $"TENSORRTLLM_INDEX_URL={LocalBuildInputs.IndexUrl}",
                "--build-context", $"trtllm_wheel={wheels.FullName}",
                "--build-arg", $"DYNAMO_BASE_IMAGE={AbsentBase}",
                "--build-arg", $"USE_SCCACHE={useSccache}",
                RepoPaths.Root,
            ];
            return Run.Process("docker", args, RepoPaths.Root);
        }
        finally
        {
            wheels.Delete(recursive: true);
        }
    }
}
