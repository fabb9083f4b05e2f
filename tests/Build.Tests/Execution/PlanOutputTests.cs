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

        // Written out (not taken from the code under test): no word of this command needs quoting, so the argv is
        // the shell line's words after "docker".
        const string shell = "docker build -f /repo/container/Dockerfile.trtllm --target runtime --platform linux/amd64 --build-arg NIXL_REF=0.5.1 --build-arg BASE_IMAGE=nvcr.io/nvidia/pytorch --build-arg BASE_IMAGE_TAG=25.06-py3 --build-arg FRAMEWORK=TRTLLM --build-arg TRTLLM_FRAMEWORK=1 --build-arg VERSION=v0.4.1.dev.abc1234 --build-arg PYTHON_PACKAGE_VERSION=0.4.1.dev+abc1234 --build-arg GITHUB_TRTLLM_COMMIT= --build-arg TRTLLM_USE_NIXL_KVCACHE_EXPERIMENTAL=0 --build-arg HAS_TRTLLM_CONTEXT=0 --build-arg TENSORRTLLM_PIP_WHEEL=tensorrt-llm==1.1.0rc5 --build-arg TENSORRTLLM_INDEX_URL=https://pypi.python.org/simple --build-arg ENABLE_KVBM=true --build-arg NIXL_UCX_REF=v1.19.0 --build-arg DYNAMO_BASE_IMAGE=dynamo-base:v0.4.1.dev.abc1234-trtllm --tag dynamo:v0.4.1.dev.abc1234-trtllm-runtime --tag dynamo:latest-trtllm-runtime --build-context trtllm_wheel=/tmp/dummy_dir --label org.opencontainers.image.version=v0.4.1.dev.abc1234 --label org.opencontainers.image.revision=abc1234abc1234abc1234abc1234abc1234abc12 --label org.opencontainers.image.created=2026-01-02T03:04:05Z /repo";
        Assert.Equal(shell, (string?)steps[1]["shell"]);
        Assert.Equal(shell.Split(' ').Skip(1), steps[1]["argv"]!.Select(t => (string)t!));
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
    [Trait("Category", "Process")]
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
