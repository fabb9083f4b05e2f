using Build.Facts;
using Build.Execution;
using Build.Options;
using Build.Planning;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Tasks;

/// <summary>CiMatrix against the plan, and the GitHub Actions side (step output, log groups, job summary).</summary>
public sealed class CiMatrixTaskTests
{
    [Fact]
    public void Every_combination_is_what_BuildImage_plans_for_that_framework_and_stage()
    {
        var facts = TestHost.ReferenceFacts() with { RepoRoot = RepoPaths.Root };
        var context = TestHost.Context(["--target", "CiMatrix", "--framework", "all", "--matrix-stages", "dev,runtime"], facts);
        var entries = CiMatrix.Entries(context.Options, context.Release, facts, DockerfileStages.Read);

        Assert.Equal(
            ["none/dev", "none/runtime", "vllm/dev", "vllm/runtime", "sglang/dev", "sglang/runtime", "trtllm/dev", "trtllm/runtime"],
            entries.Select(e => $"{e.Framework}/{e.Stage}"));
        foreach (var entry in entries)
        {
            // The job's command (.github/workflows/images.yml): the dev stage is BuildImage's default, named by no --stage.
            string[] stage = entry.Stage == "dev" ? [] : ["--stage", entry.Stage];
            var plan = TestHost.Context(["--target", entry.Target, "--framework", entry.Framework, .. stage], facts).Plan;
            var build = plan.Steps.Last(s => s.Task == entry.Target);
            Assert.Equal(build.Tags, entry.Tags);
        }

        Assert.Empty(context.Plan.Steps);
    }

    [Fact]
    public void The_default_stage_is_dev_and_the_json_is_githubs_matrix_include_form()
    {
        var context = TestHost.Context(["--target", "CiMatrix", "--framework", "vllm,none"]);
        var json = JObject.Parse(CiMatrix.Json(CiMatrix.Entries(context.Options, context.Release, context.Facts, _ => [])));
        Assert.Equal(
            """{"include":[{"framework":"vllm","stage":"dev","target":"BuildImage","tags":["dynamo:v0.4.1.dev.abc1234-vllm","dynamo:latest-vllm"]},{"framework":"none","stage":"dev","target":"BuildImage","tags":["dynamo:v0.4.1.dev.abc1234-none","dynamo:latest-none"]}]}""",
            json.ToString(Newtonsoft.Json.Formatting.None));
    }

    [Theory]
    [InlineData("--matrix-stages", "dev,local-dev", "--matrix-stages 'dev,local-dev': 'local-dev'")]
    [InlineData("--matrix-stages", "dev,,runtime", "--matrix-stages 'dev,,runtime': ''")]
    public void Bad_stages_are_refused(string option, string value, string expected)
    {
        var e = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "CiMatrix", option, value]));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        var outside = Assert.Throws<UsageException>(() => TestHost.Context(["--matrix-stages", "dev"]));
        Assert.Equal("--matrix-stages is only used by --target CiMatrix.", outside.Message);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Under_github_actions_the_matrix_goes_to_GITHUB_OUTPUT_and_no_docker_runs()
    {
        using var docker = new StubDocker();
        var output = Path.Combine(docker.Dir, "github-output");
        var environment = docker.Environment();
        environment["GITHUB_ACTIONS"] = "true";
        environment["GITHUB_OUTPUT"] = output;
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "CiMatrix", "--framework", "all", "--matrix-stages", "dev,runtime"], RepoPaths.Root, environment);
        Assert.True(result.ExitCode == 0, result.Error);

        var json = result.Output.Split('\n').First(l => l.StartsWith("{\"include\"", StringComparison.Ordinal));
        Assert.Equal($"matrix={json}\n", File.ReadAllText(output));
        Assert.Equal(8, ((JArray)JObject.Parse(json)["include"]!).Count);
        Assert.Empty(docker.Calls);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Under_github_actions_each_task_is_a_log_group_and_the_built_images_go_to_the_job_summary()
    {
        using var docker = new StubDocker();
        var summary = Path.Combine(docker.Dir, "summary.md");
        var environment = docker.Environment();
        environment["GITHUB_ACTIONS"] = "true";
        environment["GITHUB_STEP_SUMMARY"] = summary;
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "BuildImage", "--framework", "none"], RepoPaths.Root, environment);
        Assert.True(result.ExitCode == 0, result.Error);

        var lines = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var open = lines.IndexOf("::group::BuildImage");
        Assert.True(open >= 0, result.Output);
        Assert.True(lines.IndexOf("::endgroup::", open) > open);
        Assert.Contains(lines.Skip(open), l => l.Contains("==> NONE image, stage dev", StringComparison.OrdinalIgnoreCase) || l.Contains("none image", StringComparison.Ordinal));
        var text = File.ReadAllText(summary);
        Assert.Contains("| built | `dynamo:", text, StringComparison.Ordinal);
        Assert.Contains("-none`<br>`dynamo:latest-none` | `sha256:0123456789abcdef0123456789abcdef` |", text, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Without_github_actions_nothing_is_written()
    {
        using var docker = new StubDocker();
        var environment = docker.Environment();
        environment["GITHUB_ACTIONS"] = null;
        environment["GITHUB_STEP_SUMMARY"] = Path.Combine(docker.Dir, "summary.md");
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "BuildImage", "--framework", "none"], RepoPaths.Root, environment);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.DoesNotContain("::group::", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(docker.Dir, "summary.md")));
    }

    [Fact]
    public void The_summary_lists_pushed_references_with_their_digests()
    {
        var report = new BuildReport();
        report.AddPushed(new PushedImage("dynamo:v1-none", "r.example.com/dynamo:v1-none", "sha256:abc"));
        Assert.Equal("### Images pushed\n\n| reference | digest |\n|---|---|\n| `r.example.com/dynamo:v1-none` | `sha256:abc` |\n\n", GitHubActions.Summary(report, "v1"));
    }
}
