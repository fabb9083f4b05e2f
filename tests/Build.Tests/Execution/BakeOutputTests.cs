using Build.Execution;
using BuildKitProgress = Build.Execution.BuildKitProgress;
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

    /// <summary>A bake of images a and b as BuildKit reports it, read on a clock the test moves.</summary>
    private sealed class Bake
    {
        public Bake(BakeView? view = null)
        {
            Progress = new BuildKitProgress(["a", "b"], namesStartWithTarget: true, T0, Clock);
            if (view is not null)
            {
                Progress.Changed += stateChanged => view.Update(Progress.Images, stateChanged);
            }
        }

        public ManualClock Clock { get; } = new(T0);

        public BuildKitProgress Progress { get; }

        /// <summary>A vertex event at T0 + <paramref name="at"/> seconds (BuildKit's and this host's clock alike).</summary>
        public void Vertex(double at, string digest, string name, double? started = null, double? completed = null, bool cached = false, string? error = null)
        {
            Clock.Now = T0.AddSeconds(at);
            var vertex = new JObject { ["digest"] = digest, ["name"] = name };
            if (started is { } s)
            {
                vertex["started"] = T0.AddSeconds(s).ToString("o");
            }

            if (completed is { } c)
            {
                vertex["completed"] = T0.AddSeconds(c).ToString("o");
            }

            if (cached)
            {
                vertex["cached"] = true;
            }

            if (error is not null)
            {
                vertex["error"] = error;
            }

            Progress.Read(new JObject { ["vertexes"] = new JArray(vertex) }.ToString(Newtonsoft.Json.Formatting.None));
        }

        public void Status(double at, string digest, string id)
        {
            Clock.Now = T0.AddSeconds(at);
            Progress.Read(new JObject { ["statuses"] = new JArray(new JObject { ["vertex"] = digest, ["id"] = id, ["started"] = T0.AddSeconds(at).ToString("o") }) }.ToString(Newtonsoft.Json.Formatting.None));
        }
    }

    [Fact]
    public void Plain_view_prints_one_line_per_change_of_an_images_state_with_the_reports_counts()
    {
        var output = new StringWriter();
        var bake = new Bake();
        var view = new BakeView(output, live: false, colour: false, clock: bake.Clock);
        bake.Progress.Changed += stateChanged => view.Update(bake.Progress.Images, stateChanged);
        view.Start(["a", "b"]);
        bake.Vertex(0.1, "sha256:1", "[a 1/2] RUN x", started: 0.1);
        bake.Vertex(1.1, "sha256:1", "[a 1/2] RUN x", started: 0.1, completed: 1.1);
        bake.Vertex(1.2, "sha256:2", "[a 2/2] RUN y", started: 1.1, completed: 1.2, cached: true);
        bake.Vertex(1.3, "sha256:e", "[a] exporting to image", started: 1.3);
        for (var i = 0; i < 20; i++)
        {
            // An export's many statuses: layers, manifests, the name of each tag.
            bake.Status(1.4 + (i * 0.01), "sha256:e", i % 2 == 0 ? "exporting layers" : "naming to docker.io/a:1");
        }

        bake.Status(1.7, "sha256:e", "unpacking to docker.io/a:1");
        bake.Vertex(2.3, "sha256:e", "[a] exporting to image", started: 1.3, completed: 2.3);
        bake.Vertex(2.5, "sha256:3", "[b 1/1] RUN false", started: 0.5, completed: 2.5, error: "exit code: 1");
        bake.Clock.Now = T0.AddSeconds(3);
        bake.Progress.Finish(bakeSucceeded: false);
        view.Finish(bake.Progress.Images());

        Assert.Equal(
            [
                "a: started",
                "a: exporting",
                "a: unpacking",
                "a: done, 2 steps, 1 cached, 1 run in 2.2 s",
                "b: FAILED at [1/1] RUN false", // its first event was its failure
            ],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\u001b', output.ToString());

        // The report of the same run says what the lines said.
        var report = new BuildReport();
        var a = bake.Progress.Image("a")!;
        report.Add(new BuiltImage("BuildRuntime", "a", ["a:1"], null, null, a.Duration!.Value, null) { Steps = a });
        Assert.Contains("a:1: 2 steps, 1 cached, 1 run", report.TableLines());
        Assert.Equal("built   a:1    -   -     2.2 s", report.TableLines().ElementAt(1));
    }

    [Fact]
    public void Plain_view_says_stopped_for_an_image_the_failed_bake_did_not_finish()
    {
        var output = new StringWriter();
        var bake = new Bake();
        var view = new BakeView(output, live: false, colour: false, clock: bake.Clock);
        bake.Progress.Changed += stateChanged => view.Update(bake.Progress.Images, stateChanged);
        view.Start(["a", "b"]);
        bake.Vertex(0.5, "sha256:1", "[a 1/1] RUN sleep 9", started: 0.5);
        bake.Clock.Now = T0.AddSeconds(4);
        bake.Progress.Finish(bakeSucceeded: false);
        view.Finish(bake.Progress.Images());
        Assert.Equal(["a: started", "a: stopped, 1 step, 0 cached, 0 run in 3.5 s", "b: stopped, 0 steps, 0 cached, 0 run in 0.0 s"], output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Live_view_redraws_every_second_without_events_and_shows_exporting_unpacking_and_pushing()
    {
        var output = new StringWriter();
        var bake = new Bake();
        var view = new BakeView(output, live: true, colour: false, clock: bake.Clock);
        bake.Progress.Changed += stateChanged => view.Update(bake.Progress.Images, stateChanged);
        view.Start(["a", "b"]);
        Assert.Equal([BakeView.TickPeriod], bake.Clock.TimerPeriods);
        Assert.Equal(TimeSpan.FromSeconds(1), BakeView.TickPeriod);

        bake.Vertex(0, "sha256:1", "[a 1/1] RUN make", started: 0);
        Assert.Equal("a  step 1 of 1 (0 cached)  0.0 s  [1/1] RUN make", view.Lines()[0]);

        // No event for 30 s: the timer's redraws move the elapsed time.
        var drawn = output.ToString().Length;
        bake.Clock.Advance(TimeSpan.FromSeconds(30));
        bake.Clock.Fire();
        Assert.Equal("a  step 1 of 1 (0 cached)  30.0 s  [1/1] RUN make", view.Lines()[0]);
        Assert.Contains("30.0 s", output.ToString()[drawn..], StringComparison.Ordinal);
        Assert.Equal("b  queued", view.Lines()[1]);

        bake.Vertex(31, "sha256:1", "[a 1/1] RUN make", started: 0, completed: 31);
        bake.Vertex(31, "sha256:e", "[a] exporting to image", started: 31);
        Assert.StartsWith("a  exporting, 1 step, 0 cached, 1 run  31.0 s", view.Lines()[0], StringComparison.Ordinal);
        bake.Status(32, "sha256:e", "unpacking to docker.io/a:1");
        Assert.StartsWith("a  unpacking, ", view.Lines()[0], StringComparison.Ordinal);
        bake.Status(33, "sha256:e", "pushing layers");
        Assert.StartsWith("a  pushing, ", view.Lines()[0], StringComparison.Ordinal);
        bake.Vertex(40, "sha256:e", "[a] exporting to image", started: 31, completed: 40);
        Assert.Equal("a  done, 1 step, 0 cached, 1 run  40.0 s", view.Lines()[0]);

        bake.Clock.Now = T0.AddSeconds(41);
        bake.Progress.Finish(bakeSucceeded: true);
        view.Finish(bake.Progress.Images());
        Assert.Empty(bake.Clock.TimerPeriods); // the timer ends with the bake
        Assert.Equal("b  done, 0 steps, 0 cached, 0 run  0.0 s", view.Lines()[1]);
        Assert.Contains("\u001b[2A", output.ToString(), StringComparison.Ordinal); // back up over the two lines
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
