using Build.Docker;
using Build.Execution;
using Build.Facts;
using Build.Options;
using Build.Planning;
using Build.Tasks;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Planning;

/// <summary>The executor choice and the bake step, planned from hand-made facts (docs/decisions.md §3.1).</summary>
public sealed class BakePlanTests
{
    private static readonly string[] Matrix = ["--framework", "none,vllm", "--target", "BuildRuntime", "--build-network", "host"];

    private static PlanningFacts WithBuildx(string? version, string? problem = null) =>
        TestHost.ReferenceFacts() with { Buildx = new BuildxFacts(version, problem) };

    [Fact]
    public void Facts_without_buildx_plan_sequentially_without_a_note()
    {
        var auto = TestHost.Context(Matrix);
        var sequential = TestHost.Context([.. Matrix, "--executor", "sequential"]);

        Assert.Equal(PlanExecutor.Sequential, auto.Plan.Executor);
        Assert.Equal(TestHost.ShellLines(sequential), TestHost.ShellLines(auto));
        Assert.DoesNotContain(auto.Plan.Notes, n => n.Contains("buildx", StringComparison.Ordinal));
        Assert.Equal(3, TestHost.ShellLines(auto).Count(l => l.StartsWith("docker build ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Auto_bakes_with_buildx_0_29_and_prints_one_bake_with_its_definition()
    {
        var context = TestHost.Context(Matrix, WithBuildx("0.29.1+ds1"));

        Assert.Equal(PlanExecutor.Bake, context.Plan.Executor);
        var lines = TestHost.ShellLines(context);
        var bake = Assert.Single(lines);
        Assert.StartsWith("docker buildx bake --file - --allow network.host --progress rawjson default <<'BAKE'\n{", bake, StringComparison.Ordinal);
        Assert.EndsWith("}\nBAKE", bake, StringComparison.Ordinal);

        // The here-document is the definition: three targets, the vllm runtime built from the vllm base in the same solve.
        var definition = JObject.Parse(bake[(bake.IndexOf('\n') + 1)..bake.LastIndexOf("\nBAKE", StringComparison.Ordinal)]);
        Assert.Equal(
            ["dynamo-base-v0-4-1-dev-abc1234-vllm", "dynamo-v0-4-1-dev-abc1234-none-runtime", "dynamo-v0-4-1-dev-abc1234-vllm-runtime"],
            definition["group"]!["default"]!["targets"]!.Select(t => (string)t!));
        Assert.Equal("target:dynamo-base-v0-4-1-dev-abc1234-vllm",
            (string?)definition["target"]!["dynamo-v0-4-1-dev-abc1234-vllm-runtime"]!["contexts"]!["dynamo-base:v0.4.1.dev.abc1234-vllm"]);
        Assert.Equal("host", (string?)definition["target"]!["dynamo-v0-4-1-dev-abc1234-none-runtime"]!["network"]);
    }

    [Theory]
    [InlineData("0.13.1", null, "Building one image after another: the docker client 'docker' has buildx 0.13.1, and bake needs buildx 0.29 or newer (--executor auto).")]
    [InlineData(null, "docker: 'buildx' is not a docker command.", "Building one image after another: the docker client 'docker' has no buildx plugin (docker: 'buildx' is not a docker command.) (--executor auto).")]
    public void Auto_without_a_capable_buildx_plans_sequentially_with_one_note(string? version, string? problem, string note)
    {
        var context = TestHost.Context(Matrix, WithBuildx(version, problem));

        Assert.Equal(PlanExecutor.Sequential, context.Plan.Executor);
        Assert.Equal(TestHost.ShellLines(TestHost.Context(Matrix)), TestHost.ShellLines(context));
        Assert.Equal(note, Assert.Single(context.Plan.Notes, n => n.Contains("buildx", StringComparison.Ordinal)));
    }

    [Fact]
    public void Auto_builds_several_frameworks_one_after_another_when_they_import_a_cache_and_bake_insists()
    {
        string[] cached = [.. Matrix, "--cache-registry", "127.0.0.1:5000/ci"];
        var auto = TestHost.Context(cached, WithBuildx("0.29.1"));
        Assert.Equal(PlanExecutor.Sequential, auto.Plan.Executor);
        Assert.Equal("Building one image after another: this run imports a build cache, and one bake of several frameworks would take only part of it (--executor auto; --executor bake insists).",
            Assert.Single(auto.Plan.Notes, n => n.StartsWith("Building", StringComparison.Ordinal)));

        Assert.Equal(PlanExecutor.Bake, TestHost.Context([.. cached, "--executor", "bake"], WithBuildx("0.29.1")).Plan.Executor);

        // One framework (a CI job of the matrix) bakes with its cache: its base and runtime image share no step with another framework's.
        Assert.Equal(PlanExecutor.Bake, TestHost.Context(["--framework", "vllm", "--target", "BuildRuntime", "--cache-registry", "127.0.0.1:5000/ci"], WithBuildx("0.29.1")).Plan.Executor);
    }

    [Fact]
    public void Auto_keys_its_cache_rule_on_the_cache_import_not_the_export()
    {
        // Exporting a cache loses nothing in one bake; importing one is what a bake of several frameworks takes only part of.
        Assert.Equal(PlanExecutor.Bake, TestHost.Context([.. Matrix, "--cache-to", "type=local,dest=/tmp/c"], WithBuildx("0.29.1")).Plan.Executor);
        Assert.Equal(PlanExecutor.Sequential, TestHost.Context([.. Matrix, "--cache-from", "type=local,src=/tmp/c"], WithBuildx("0.29.1")).Plan.Executor);
    }

    [Fact]
    public void Explicit_bake_with_a_client_that_cannot_is_one_environment_line()
    {
        var e = Assert.Throws<EnvironmentException>(() => TestHost.Context([.. Matrix, "--executor", "bake"], WithBuildx("0.13.1")));

        Assert.Equal("--executor bake cannot run here: the docker client 'docker' has buildx 0.13.1, and bake needs buildx 0.29 or newer. Install docker-buildx 0.29 or newer, name such a client with --docker-path, or use --executor sequential.", e.Message);
    }

    [Fact]
    public void Sequential_is_chosen_even_with_a_capable_client()
    {
        var context = TestHost.Context([.. Matrix, "--executor", "SEQUENTIAL"], WithBuildx("0.29.1"));
        Assert.Equal(PlanExecutor.Sequential, context.Plan.Executor);
        Assert.All(TestHost.ShellLines(context), l => Assert.StartsWith("docker build ", l, StringComparison.Ordinal));
    }

    [Fact]
    public void The_json_plan_keeps_every_images_own_build_and_adds_the_bake()
    {
        var context = TestHost.Context(Matrix, WithBuildx("0.29.1"));
        var json = PlanOutput.ToJson(context.Plan, "docker");

        Assert.Equal("bake", (string?)json["executor"]);
        var steps = (JArray)json["steps"]!;
        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.Equal("build", (string?)s["argv"]![0]));
        Assert.Equal(["buildx", "bake", "--file", "-", "--allow", "network.host", "--progress", "rawjson", "default"], json["bake"]!["argv"]!.Select(t => (string)t!));
        Assert.Equal(3, ((JObject)json["bake"]!["definition"]!["target"]!).Count);

        var sequential = PlanOutput.ToJson(TestHost.Context(Matrix).Plan, "docker");
        Assert.Equal("sequential", (string?)sequential["executor"]);
        Assert.Equal(steps.ToString(), sequential["steps"]!.ToString());
    }

    [Fact]
    public void A_plan_without_image_builds_has_no_bake_and_refuses_the_executor_option()
    {
        Assert.Null(TestHost.Context(["--target", "CiMatrix"], WithBuildx("0.29.1")).Plan.Bake);
        var e = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "CiMatrix", "--executor", "bake"], WithBuildx("0.13.1")));
        Assert.Equal("--executor is a build option, but this run builds no image: drop it, or add a build task with --target.", e.Message);
    }

    [Fact]
    public void Host_steps_run_first_then_the_bake_then_the_remaining_steps()
    {
        PlanStep Step(string title, Build.CommandLine.ArgvCommand command) => new("T", title, [], [], command);
        var build1 = Step("b1", new DockerBuildSettings { File = "f", ContextPath = ".", Tags = ["a:1"] });
        var build2 = Step("b2", new DockerBuildSettings { File = "f", ContextPath = ".", Tags = ["b:1"] });
        var clone = Step("clone", new GitCloneCommand("https://example.com/x.git", "/t"));
        var copy = Step("copy", new CopyFileCommand("/a", "/b"));
        var tagBefore = Step("tag0", new DockerTagSettings("x:1", "y:1"));
        var tag = Step("tag", new DockerTagSettings("a:1", "r/a:1"));
        var bake = Step("bake", BakePlanning.Bake([build1, build2])!);

        var order = BakePlanning.ExecutionOrder([clone, tagBefore, build1, copy, build2, tag], bake);

        Assert.Equal(["clone", "copy", "tag0", "bake", "tag"], order.Select(s => s.Title));
    }

    [Fact]
    public void Bake_target_names_are_unique_per_image()
    {
        var build = new DockerBuildSettings { File = "f", ContextPath = ".", Tags = ["a:1"] };
        var bake = BakePlanning.Bake([new("T", "x", [], [], build), new("T", "y", [], [], build with { Tags = ["a-1"] })])!;
        Assert.Equal(["a-1", "a-1-2"], bake.Targets.Select(t => t.Name));
    }

    [Theory]
    [InlineData("0.29.1+ds1", true)]
    [InlineData("v0.30.0", true)]
    [InlineData("0.28.9", false)]
    [InlineData("1.0", true)]
    [InlineData("garbage", false)]
    public void Buildx_versions_from_0_29_can_bake(string version, bool canBake) =>
        Assert.Equal(canBake, new BuildxFacts(version, null).CanBake);

    [Fact]
    public void The_buildx_version_is_read_from_dockers_answer()
    {
        Assert.Equal("0.29.1+ds1", BuildxFacts.From(0, "github.com/docker/buildx 0.29.1+ds1 0.29.1+ds1-4\n", "").Version);
        var none = BuildxFacts.From(1, "", "docker: 'buildx' is not a docker command.\nSee 'docker --help'");
        Assert.Null(none.Version);
        Assert.Equal("docker: 'buildx' is not a docker command.", none.Problem);
    }
}
