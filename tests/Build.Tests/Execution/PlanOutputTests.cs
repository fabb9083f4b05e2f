using Build.Execution;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Execution;

public sealed class PlanOutputTests
{
    [Fact]
    public void The_json_plan_holds_every_step_with_its_argv_and_shell_line()
    {
        var context = TestHost.Context(["--framework", "trtllm", "--target", "BuildRuntime"]);
        var json = PlanOutput.ToJson(context.Plan, "docker");

        Assert.Equal("v0.4.1.dev.abc1234", (string?)json["version"]);
        Assert.Equal(["/tmp/dummy_dir"], json["directories"]!.Select(t => (string)t!));
        var steps = (JArray)json["steps"]!;
        Assert.Equal(2, steps.Count);
        Assert.Equal("BuildRuntime", (string?)steps[1]["task"]);
        Assert.Equal("DockerBuildSettings", (string?)steps[1]["settings"]);
        Assert.Equal(context.Plan.Steps[1].Command.ToArguments().Select(a => a.Value), steps[1]["argv"]!.Select(t => (string)t!));
        Assert.Equal(PlanOutput.ShellLines(context.Plan, "docker").Last(), (string?)steps[1]["shell"]);
    }

    [Fact]
    public void The_dry_run_prints_mkdir_first_then_one_line_per_command()
    {
        var lines = TestHost.ShellLines(TestHost.Context(["--framework", "trtllm"]));
        Assert.Equal("mkdir -p /tmp/dummy_dir", lines[0]);
        Assert.Equal(3, lines.Count);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("docker build ", l, StringComparison.Ordinal));
    }

    [Fact]
    public void A_dry_run_through_the_host_creates_nothing_and_writes_the_plan_json()
    {
        var dir = Directory.CreateTempSubdirectory("plan-").FullName;
        var wheelDir = Path.Combine(dir, "wheels-not-created");
        var plan = Path.Combine(dir, "plan.json");
        try
        {
            var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"),
                ["--framework", "trtllm", "--tensorrtllm-pip-wheel-dir", wheelDir, "--dry-run", "--plan-json", plan], RepoPaths.Root);
            Assert.Equal(0, result.ExitCode);
            Assert.False(Directory.Exists(wheelDir));
            Assert.Equal(2, JObject.Parse(File.ReadAllText(plan))["steps"]!.Count());
            Assert.DoesNotContain("Successfully", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
