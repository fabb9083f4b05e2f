using Build.Docker;
using Build.Execution;
using Build.Facts;
using Build.Tests.Facts;
using Build.Tests.Support;

namespace Build.Tests.Execution;

/// <summary>
/// After a step on a builder that is not this engine failed, the builder is asked once more (docs/decisions.md §6.6):
/// one that no longer answers ends the run with one line naming it, its nodes and the step; one that answers leaves
/// the step's own failure. The answers are <c>docker buildx inspect</c>'s text as <see cref="BuilderFactsTests"/> has it;
/// the executor's reaction runs through the host against a stub docker whose builder answers, then does not.
/// </summary>
public sealed class BuilderWatchTests
{
    private const string Step = "none image, stage runtime (r/dynamo:v1-none-runtime)";

    private static readonly BuilderFacts Second = BuilderFacts.Parse(BuilderFactsTests.Default.Replace("default", "second", StringComparison.Ordinal), "default", bootstrapped: true);

    private static readonly BuilderFacts Pool = BuilderFacts.Parse(BuilderFactsTests.TwoNodes, "default", bootstrapped: true);

    [Fact]
    public void An_engine_that_is_gone_is_named_with_its_node_the_step_and_why()
    {
        var line = BuilderWatch.Stopped(Second, (0, BuilderFactsTests.Down, string.Empty), Step);

        Assert.Equal(
            "builder 'second' (node 'second' at second) stopped answering during none image, stage runtime (r/dynamo:v1-none-runtime): "
            + "Cannot connect to the Docker daemon at unix:///tmp/e/docker.sock. Is the docker daemon running? "
            + "Nothing after it ran; check the builder with 'docker buildx inspect --bootstrap second'.",
            line);
    }

    [Fact]
    public void A_node_of_several_that_no_longer_runs_is_named_with_its_endpoint()
    {
        var answer = BuilderFactsTests.TwoNodes.Replace("Status:    running\nPlatforms: linux/arm64*", "Status:    inactive\nPlatforms: linux/arm64*", StringComparison.Ordinal);
        Assert.NotEqual(BuilderFactsTests.TwoNodes, answer);

        var line = BuilderWatch.Stopped(Pool, (0, answer, string.Empty), "bake 2 images");

        Assert.StartsWith("builder 'pool' (node 'pool-amd64' at tcp://amd64.build.example:1234, node 'pool-arm64' at tcp://arm64.build.example:1234) stopped answering during bake 2 images: ", line, StringComparison.Ordinal);
        Assert.Contains("node 'pool-arm64' (tcp://arm64.build.example:1234): status inactive.", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_that_fails_or_gets_no_answer_in_time_means_the_builder_stopped()
    {
        var failed = BuilderWatch.Stopped(Second, (1, string.Empty, "\nERROR: no builder \"second\" found\n"), Step);
        Assert.EndsWith($"during {Step}: no builder \"second\" found. Nothing after it ran; check the builder with 'docker buildx inspect --bootstrap second'.", failed, StringComparison.Ordinal);

        var silent = BuilderWatch.Stopped(Second, null, Step);
        Assert.Contains($"during {Step}: 'docker buildx inspect second' got no answer within 30 s.", silent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_builder_that_still_answers_leaves_the_steps_own_failure()
    {
        Assert.Null(BuilderWatch.Stopped(Second, (0, BuilderFactsTests.Default.Replace("default", "second", StringComparison.Ordinal), string.Empty), Step));
        Assert.Null(BuilderWatch.Stopped(Pool, (0, BuilderFactsTests.TwoNodes, string.Empty), Step));
    }

    [Fact]
    public void The_executor_asks_once_and_throws_only_when_the_builder_stopped()
    {
        var asked = 0;
        var down = new BuilderWatch(Second, () => { asked++; return (0, BuilderFactsTests.Down, string.Empty); });
        var e = Assert.Throws<EnvironmentException>(() => down.ThrowIfStopped(Step));
        Assert.StartsWith("builder 'second' (node 'second' at second) stopped answering during ", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, asked);

        var up = new BuilderWatch(Second, () => { asked++; return (0, BuilderFactsTests.Default.Replace("default", "second", StringComparison.Ordinal), string.Empty); });
        up.ThrowIfStopped(Step);
        Assert.Equal(2, asked);

        // The docker client itself could not run: nothing is known of the builder, the step's failure stands.
        var noClient = new BuilderWatch(Second, () => throw new ToolFailedException("the docker client 'docker' was not found", 127));
        noClient.ThrowIfStopped(Step);
    }

    [Fact]
    public void Only_a_builder_other_than_this_engine_named_with_builder_is_watched_and_only_steps_that_run_on_it()
    {
        var engine = Second with { IsEngine = true };
        Assert.Null(BuilderWatch.For(null, Second, null!));
        Assert.Null(BuilderWatch.For("second", engine, null!));
        Assert.Null(BuilderWatch.For("second", null, null!));
        var watch = BuilderWatch.For("second", Second, null!);
        Assert.NotNull(watch);

        var build = new DockerBuildSettings { ContextPath = ".", File = "Dockerfile", Builder = "second", Context = "second" };
        Assert.True(watch.RunsOn(build));
        Assert.True(watch.RunsOn(new DockerBakeSettings { Targets = [new BakeTarget("runtime", build)] }));
        Assert.True(watch.RunsOn(new DockerBuildPushSettings(build, "s", ["r/x:1"])));
        Assert.True(watch.RunsOn(new DockerPushByDigestSettings(build, "s", "r/x", ["1"])));
        Assert.True(watch.RunsOn(new DockerBakePushSettings(new DockerBakeSettings { Targets = [new BakeTarget("runtime", build)] }, [])));
        Assert.False(watch.RunsOn(build with { Builder = null }));
        Assert.False(watch.RunsOn(build with { Builder = "other" }));
        Assert.False(watch.RunsOn(new DockerTagSettings("a:1", "b:1")));
    }

    [Theory]
    [Trait("Category", "Process")]
    [InlineData("0.13.1")]
    [InlineData("0.29.1")]
    public void A_failed_build_on_a_builder_that_no_longer_answers_ends_the_run_with_one_line_and_exit_1(string buildx)
    {
        using var docker = new StubDocker();
        var result = Host(docker, buildx, after: BuilderFactsTests.Down);

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(result.ErrorLines, l => l.StartsWith("ERROR: ", StringComparison.Ordinal));
        Assert.StartsWith("ERROR: builder 'pool' (node 'pool0' at tcp://build.example:1234) stopped answering during ", line, StringComparison.Ordinal);
        Assert.Contains(": Cannot connect to the Docker daemon at unix:///tmp/e/docker.sock. Is the docker daemon running? Nothing after it ran;", line, StringComparison.Ordinal);

        // Asked twice: before the run (--bootstrap), after the failure (a read); nothing built after the failed step.
        var inspects = docker.Calls.Where(c => c is ["buildx", "inspect", ..]).ToList();
        Assert.Equal([["buildx", "inspect", "--bootstrap", "pool"], ["buildx", "inspect", "pool"]], inspects);
        // After the last question only the tags' bookkeeping (docs/decisions.md §4.5: docker image, docker tag) runs.
        var calls = docker.Calls.ToList();
        Assert.All(calls.Skip(calls.FindLastIndex(c => c is ["buildx", "inspect", ..]) + 1), c => Assert.True(c is ["image", ..] or ["tag", ..], string.Join(' ', c)));
    }

    [Theory]
    [Trait("Category", "Process")]
    [InlineData("0.13.1")]
    [InlineData("0.29.1")]
    public void A_failed_build_on_a_builder_that_still_answers_keeps_dockers_exit_code_and_its_failure(string buildx)
    {
        using var docker = new StubDocker();
        var result = Host(docker, buildx, after: BuilderFactsTests.Remote);

        Assert.True(result.ExitCode == 7, result.ToString());
        Assert.DoesNotContain("stopped answering", result.Error, StringComparison.Ordinal);
        Assert.Contains(" exited with code 7", result.Error, StringComparison.Ordinal);
        Assert.Equal(2, docker.Calls.Count(c => c is ["buildx", "inspect", ..]));
    }

    /// <summary>
    /// BuildRuntime of framework none (no base: one build after another can build it on a builder that reads no image
    /// store) on --builder pool whose build exits 7; buildx 0.13.1 builds one image after another, 0.29.1 bakes.
    /// </summary>
    private static Run.Result Host(StubDocker docker, string buildx, string after)
    {
        var before = Path.Combine(docker.Dir, "inspect-before.txt");
        var later = Path.Combine(docker.Dir, "inspect-after.txt");
        File.WriteAllText(before, BuilderFactsTests.Remote);
        File.WriteAllText(later, after);
        var environment = docker.Environment(buildExit: "7", buildxVersion: buildx);
        environment["STUB_BUILDER_INSPECT"] = before;
        environment["STUB_BUILDER_INSPECT_AFTER"] = later;
        return Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "BuildRuntime", "--framework", "none", "--builder", "pool"], RepoPaths.Root, environment);
    }
}
