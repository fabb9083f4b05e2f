using Build.Planning;
using Build.Tests.Support;

namespace Build.Tests.Tasks;

/// <summary>Which docker builds each task plans, and how the graph combines them.</summary>
public sealed class TaskGraphTests
{
    private static IReadOnlyList<PlanStep> Steps(params string[] args) => TestHost.Context(args).Plan.Steps;

    [Fact]
    public void BuildRuntime_builds_the_base_then_the_runtime_stage()
    {
        var steps = Steps("--target", "BuildRuntime");
        Assert.Equal(["BuildBaseImage", "BuildRuntime"], steps.Select(s => s.Task));
        Assert.Equal(["dynamo:v0.4.1.dev.abc1234-vllm-runtime", "dynamo:latest-vllm-runtime"], steps[1].Tags);
        Assert.Equal(["dynamo-base:v0.4.1.dev.abc1234-vllm"], steps[1].Needs);
    }

    [Fact]
    public void Exclusive_builds_one_stage_alone_against_the_existing_base()
    {
        var steps = Steps("--target", "BuildRuntime", "--exclusive");
        Assert.Equal(["BuildRuntime"], steps.Select(s => s.Task));
        Assert.Equal(["dynamo-base:v0.4.1.dev.abc1234-vllm"], steps[0].Needs);
    }

    [Fact]
    public void Several_targets_share_one_base_build()
    {
        var steps = Steps("--target", "BuildDevImage", "--target", "BuildRuntime");
        Assert.Equal(["BuildBaseImage", "BuildDevImage", "BuildRuntime"], steps.Select(s => s.Task));
    }

    [Fact]
    public void The_default_task_builds_the_unsuffixed_dev_image_once_even_when_also_asked_for_by_name()
    {
        var steps = Steps("--target", "Default", "--target", "BuildDevImage");
        Assert.Equal(2, steps.Count);
        Assert.Equal(["dynamo:v0.4.1.dev.abc1234-vllm", "dynamo:latest-vllm"], steps[1].Tags);
    }

    [Fact]
    public void Framework_none_is_a_single_build()
    {
        var steps = Steps("--framework", "NONE", "--target", "BuildRuntime", "--stage=dev", "--target", "BuildImage");
        Assert.DoesNotContain(steps, s => s.Task == "BuildBaseImage");
    }

    [Fact]
    public void BuildLocalDev_builds_base_dev_and_local_dev_from_the_dev_image()
    {
        var steps = Steps("--target", "BuildLocalDev");
        Assert.Equal(["BuildBaseImage", "BuildDevImage", "BuildLocalDev"], steps.Select(s => s.Task));
        Assert.Equal(["dynamo:v0.4.1.dev.abc1234-vllm-local-dev", "dynamo:latest-vllm-local-dev"], steps[2].Tags);
        Assert.Equal(["dynamo:v0.4.1.dev.abc1234-vllm"], steps[2].Needs);
    }

    [Fact]
    public void BuildLocalDev_from_a_given_dev_image_builds_only_the_local_dev_image_and_honours_tag()
    {
        var steps = Steps("--target", "BuildLocalDev", "--dev-image", "dynamo:latest-vllm", "--tag", "my-local:dev");
        var step = Assert.Single(steps);
        Assert.Equal(["my-local:dev"], step.Tags);
    }

    [Fact]
    public void A_tag_with_local_dev_names_the_dev_image_and_its_local_dev_derivative()
    {
        var steps = Steps("--target", "BuildLocalDev", "--tag", "my/img:1");
        Assert.Equal(["my/img:1", "dynamo:latest-vllm"], steps[1].Tags);
        Assert.Equal(["my/img:1-local-dev", "dynamo:latest-vllm-local-dev"], steps[2].Tags);
        Assert.Equal(["my/img:1"], steps[2].Needs);
    }

    [Fact]
    public void A_framework_list_builds_each_framework_with_its_own_base()
    {
        var steps = Steps("--framework", "all", "--target", "BuildRuntime");
        Assert.Equal(7, steps.Count);
        Assert.Equal(
            ["dynamo:latest-none-runtime", "dynamo:latest-vllm-runtime", "dynamo:latest-sglang-runtime", "dynamo:latest-trtllm-runtime"],
            steps.Where(s => s.Task == "BuildRuntime").Select(s => s.Tags[1]));
    }

    [Fact]
    public void The_stage_must_exist_in_the_framework_dockerfile()
    {
        var facts = TestHost.ReferenceFacts() with { RepoRoot = RepoPaths.Root };
        var error = Assert.Throws<Build.Options.UsageException>(() => TestHost.Context(["--stage", "nosuchstage"], facts));
        Assert.Contains("is not a stage of container/Dockerfile.vllm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Cakes_tree_runs_no_docker_command_and_shows_the_tasks()
    {
        // --tree goes through Cake's own script host: it shows the graph and must start no docker command (the stub
        // first on PATH records every call it gets). --dryrun is the suite's --dry-run (EnvironmentIndependenceTests).
        using var docker = new StubDocker();
        var tree = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "BuildRuntime", "--tree"], RepoPaths.Root, docker.Environment());
        Assert.True(tree.ExitCode == 0, tree.ToString());
        Assert.Contains("BuildRuntime\n└─BuildBaseImage", System.Text.RegularExpressions.Regex.Replace(tree.Output, "\x1b\\[[0-9;]*m", string.Empty).Replace("\r", ""), StringComparison.Ordinal);

        Assert.Empty(docker.Calls);
    }
}
