using Build.Docker;
using Build.Facts;
using Build.Options;
using Build.Planning;
using Build.Tests.Support;

namespace Build.Tests.Planning;

/// <summary>
/// A --build-flag a bake cannot carry (PlanValidation.CheckPassThrough): a sequential run takes it word for word and
/// its plan has no bake form; a bake run, or a run asked for the bake definition (--bake-file), refuses it.
/// </summary>
public sealed class PassThroughTests
{
    private static readonly PlanningFacts Bakes = TestHost.ReferenceFacts() with { Buildx = new BuildxFacts("0.29.1", null) };

    [Fact]
    public void A_sequential_run_passes_it_and_its_plan_has_no_bake_form()
    {
        var context = TestHost.Context(["--target", "BuildRuntime", "--framework", "vllm", "--build-flag=--iidfile=/tmp/id", "--executor", "sequential"], Bakes);
        Assert.Equal(PlanExecutor.Sequential, context.Plan.Executor);
        Assert.Null(context.Plan.Bake);
        Assert.All(context.Plan.Steps.Select(s => s.Command).OfType<DockerBuildSettings>(), b => Assert.Equal("--iidfile=/tmp/id", b.ToArguments()[^2].Value));
    }

    [Fact]
    public void A_carried_flag_keeps_the_plans_bake_form()
    {
        var context = TestHost.Context(["--target", "BuildRuntime", "--framework", "vllm", "--build-flag=--shm-size=2g", "--executor", "sequential"], Bakes);
        Assert.NotNull(context.Plan.Bake);
    }

    [Theory]
    [InlineData("bake", "--build-flag '--iidfile=/tmp/id' cannot go into this run's docker buildx bake: --iidfile has no bake equivalent. Override the definition with --bake-set 'TARGET.KEY=VALUE', or use --executor sequential.")]
    [InlineData("auto", "--build-flag '--iidfile=/tmp/id' cannot go into this run's docker buildx bake: --iidfile has no bake equivalent.")]
    public void A_bake_run_refuses_it(string executor, string expected) =>
        Refusal.StartsWith(expected, () => TestHost.Context(["--target", "BuildRuntime", "--framework", "vllm", "--build-flag=--iidfile=/tmp/id", "--executor", executor], Bakes));

    [Fact]
    public void A_run_asked_for_the_bake_definition_refuses_it()
    {
        var file = Path.Combine(Path.GetTempPath(), $"bake-{Guid.NewGuid():N}.json");
        Refusal.StartsWith(
            "--build-flag '--iidfile=/tmp/id' cannot go into the bake definition --bake-file writes: --iidfile has no bake equivalent. Override the definition with --bake-set 'TARGET.KEY=VALUE' when you bake it, or drop --bake-file.",
            () => TestHost.Context(["--target", "BuildRuntime", "--framework", "vllm", "--build-flag=--iidfile=/tmp/id", "--executor", "sequential", "--bake-file", file], Bakes));
        Assert.False(File.Exists(file));
    }
}
