using Build.Execution;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Execution;

/// <summary>--bake-file, the per-step report and the plain progress lines of a bake (no engine needed).</summary>
public sealed class BakeOutputTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Bake_file_holds_the_definition_the_dry_run_prints_and_is_written_in_a_dry_run()
    {
        var dir = Directory.CreateTempSubdirectory("bake-file-").FullName;
        try
        {
            var file = Path.Combine(dir, "bake.json");
            var context = TestHost.Context(["--framework", "none", "--target", "BuildRuntime", "--bake-file", file, "--executor", "sequential"]);

            Assert.False(DryRun.PrintOrContinue(context.Plan, "docker", dryRun: true, planJson: null, bakeFile: context.Options.BakeFile));

            var written = JObject.Parse(File.ReadAllText(file));
            var definition = JObject.Parse(((Build.Docker.DockerBakeSettings)context.Plan.Bake!.Command).Definition);
            Assert.True(JToken.DeepEquals(definition, written));
            Assert.Equal(["dynamo-v0-4-1-dev-abc1234-none-runtime"], written["group"]!["default"]!["targets"]!.Select(t => (string)t!));
            Assert.Equal(["bake.json"], Directory.GetFiles(dir).Select(Path.GetFileName)); // no temporary file left beside it
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static ImageProgress Progress() => new("t",
    [
        new("[1/3] FROM local/debian:bookworm", true, TimeSpan.Zero, null, T0),
        new("[2/3] RUN apt-get update", false, TimeSpan.FromSeconds(12.5), null, T0.AddSeconds(1)),
        new("[3/3] RUN pip install x", false, TimeSpan.FromSeconds(3), null, T0.AddSeconds(14)),
    ]);

    [Fact]
    public void The_report_names_counts_the_first_miss_and_the_slowest_steps()
    {
        var report = new BuildReport();
        report.Add(new BuiltImage("BuildRuntime", "runtime", ["d:1"], "sha256:0123456789abcdef", 1_000_000, TimeSpan.FromSeconds(16), null) { Steps = Progress() });

        var lines = report.TableLines().ToList();
        Assert.Contains("d:1: 3 steps, 1 cached, 2 run", lines);
        Assert.Contains("  first cache miss: [2/3] RUN apt-get update", lines);
        var slowest = lines.IndexOf("  12.5 s  [2/3] RUN apt-get update");
        Assert.True(slowest > 0, string.Join("\n", lines));
        Assert.Equal("  3.0 s  [3/3] RUN pip install x", lines[slowest + 1]);

        var path = Path.GetTempFileName();
        try
        {
            report.WriteJson(path, "v1");
            var steps = JObject.Parse(File.ReadAllText(path))["images"]![0]!["steps"]!;
            Assert.Equal(3, (int)steps["total"]!);
            Assert.Equal(1, (int)steps["cached"]!);
            Assert.Equal(2, (int)steps["run"]!);
            Assert.Equal("[2/3] RUN apt-get update", (string?)steps["firstCacheMiss"]);
            Assert.Equal(12.5, (double)steps["slowest"]![0]!["seconds"]!);
            Assert.Equal(JTokenType.Null, steps["failedStep"]!.Type);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Plain_view_prints_one_line_per_image_event()
    {
        var output = new StringWriter();
        var view = new BakeView(output, live: false, colour: false);
        view.Start(["a", "b"]);
        view.OnStep("a", new("[1/2] RUN x", false, null, null, T0));
        view.OnStep("a", new("[1/2] RUN x", false, TimeSpan.FromSeconds(1), null, T0));
        view.OnStep("b", new("[1/1] RUN false", false, null, "exit code: 1", T0));
        view.Finish(succeeded: false);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("a: started", lines[0]);
        Assert.Equal("b: started", lines[1]);
        Assert.Equal("b: FAILED at [1/1] RUN false", lines[2]);
        Assert.StartsWith("a: stopped, 1 steps, 0 cached in ", lines[3], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
        Assert.DoesNotContain('\u001b', output.ToString());
    }

    [Fact]
    public void Live_view_redraws_one_line_per_image_in_place()
    {
        var output = new StringWriter();
        var view = new BakeView(output, live: true, colour: false);
        view.Start(["base", "runtime"]);
        view.OnStep("base", new("[2/5] RUN apt-get update", false, null, null, T0));
        view.Finish(succeeded: true);

        Assert.Contains("\u001b[2A", output.ToString(), StringComparison.Ordinal); // back up over the two lines
        Assert.StartsWith("base     done, 1 steps, 0 cached", view.Lines()[0], StringComparison.Ordinal);
        Assert.StartsWith("runtime  done, 0 steps, 0 cached", view.Lines()[1], StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[3", output.ToString(), StringComparison.Ordinal); // no colour when not asked
    }

    [Fact]
    public void An_entitlement_the_builder_refuses_is_named_as_the_machines()
    {
        var message = BakeExecutor.Refused(["#0 building with \"default\"", "ERROR: network.host entitlement is not allowed"]);
        Assert.Equal("the BuildKit builder refused an entitlement the bake needs (ERROR: network.host entitlement is not allowed): allow it on the builder (network.host for --build-network host), or run with --executor sequential.", message);
        Assert.Null(BakeExecutor.Refused(["ERROR: target a: failed to solve: process \"/bin/sh -c false\" did not complete successfully: exit code: 1"]));
    }
}
