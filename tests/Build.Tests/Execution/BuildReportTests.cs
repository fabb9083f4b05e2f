using Build.Execution;
using Cake.Core;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Execution;

public sealed class BuildReportTests
{
    [Fact]
    public void Pushed_references_and_digests_are_in_the_json_and_the_summary()
    {
        var report = new BuildReport();
        report.AddPushed(new PushedImage("dynamo:v1-none", "127.0.0.1:5000/dynamo:v1-none", "sha256:" + new string('c', 64)));
        var path = Path.GetTempFileName();
        try
        {
            report.WriteJson(path, "v1");
            var pushed = (JArray)JObject.Parse(File.ReadAllText(path))["pushed"]!;
            Assert.Equal("127.0.0.1:5000/dynamo:v1-none", (string?)pushed.Single()["reference"]);
            Assert.Equal("dynamo:v1-none", (string?)pushed.Single()["source"]);
            Assert.Equal("sha256:" + new string('c', 64), (string?)pushed.Single()["digest"]);
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal(["pushed                         digest", "127.0.0.1:5000/dynamo:v1-none  sha256:" + new string('c', 64)], report.TableLines());
    }

    [Fact]
    public void The_job_summary_gives_each_images_duration_counts_and_first_miss_as_the_report_does()
    {
        var report = new BuildReport();
        var steps = new ImageProgress("t", [new("[2/3] RUN a | b", false, TimeSpan.FromSeconds(2), null, DateTimeOffset.UnixEpoch), new("[3/3] RUN c", true, TimeSpan.Zero, null, DateTimeOffset.UnixEpoch)]) { Shared = 4 };
        report.Add(new BuiltImage("BuildRuntime", "runtime", ["d:1"], "sha256:0123456789abcdef", 1, TimeSpan.FromSeconds(3.2), null) { Steps = steps });
        var summary = GitHubActions.Summary(report, "v1");
        Assert.Contains("| result | tags | image id | duration | steps | first cache miss |", summary, StringComparison.Ordinal);
        Assert.Contains("| built | `d:1` | `sha256:0123456789abcdef` | 3.2 s | 2 steps, 1 cached, 1 run, 4 shared | `[2/3] RUN a \\| b` |", summary, StringComparison.Ordinal);
        Assert.Contains("d:1: 2 steps, 1 cached, 1 run, 4 shared", report.TableLines());
    }

    [Fact]
    public void The_task_table_shows_the_bake_as_one_row_of_the_tasks_it_built_for()
    {
        var table = new CakeReport();
        table.Add("Setup", null, CakeReportEntryCategory.Setup, TimeSpan.FromSeconds(1), CakeTaskExecutionStatus.Executed);
        table.Add("BuildBaseImage", null, CakeReportEntryCategory.Task, TimeSpan.FromSeconds(210), CakeTaskExecutionStatus.Executed);
        table.Add("BuildRuntime", null, CakeReportEntryCategory.Task, TimeSpan.FromMilliseconds(1), CakeTaskExecutionStatus.Executed);
        table.Add("Publish", null, CakeReportEntryCategory.Task, TimeSpan.FromSeconds(5), CakeTaskExecutionStatus.Executed);

        var rows = TaskTable.WithBake(table, new BakeRun(["BuildBaseImage", "BuildRuntime"], TimeSpan.FromSeconds(200))).ToList();
        Assert.Equal(["Setup", "BuildBaseImage + BuildRuntime (one bake)", "Publish"], rows.Select(r => r.TaskName));
        Assert.Equal(TimeSpan.FromSeconds(210.001), rows[1].Duration);

        // No bake, or a bake of one task's images: Cake's rows as they are.
        Assert.Same(table, TaskTable.WithBake(table, null));
        Assert.Same(table, TaskTable.WithBake(table, new BakeRun(["BuildRuntime"], TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void Docker_push_piped_is_one_line_with_the_layers_and_the_digest()
    {
        // docker push (28.2, containerd image store) writing to a pipe.
        string[] lines =
        [
            "The push refers to repository [127.0.0.1:41635/itest/x]",
            "8fcd3f157189: Waiting", "7af5cc7dd58d: Waiting", "482c4e2e8e2a: Waiting", "c8546aa6fa7d: Waiting",
            "8fcd3f157189: Waiting", "7af5cc7dd58d: Waiting", "c8546aa6fa7d: Waiting",
            "8fcd3f157189: Pushed", "7af5cc7dd58d: Layer already exists", "c8546aa6fa7d: Mounted from itest/y", "482c4e2e8e2a: Pushed",
            "v1: digest: sha256:0cfa7325cb9fdb0cf8eeb1bd54c11d3be1b489d22dc12a4c9f05463405b5b16d size: 855",
        ];
        var push = new PushProgress();
        foreach (var line in lines)
        {
            push.Read(line);
        }

        Assert.Equal(["pushed 127.0.0.1:41635/itest/x:v1: 4 layers, 2 sent, 2 already in the registry; digest sha256:0cfa7325cb9fdb0cf8eeb1bd54c11d3be1b489d22dc12a4c9f05463405b5b16d"], push.Lines("127.0.0.1:41635/itest/x:v1"));

        // What is not progress (a warning, the registry's refusal) stays as docker wrote it.
        var refused = new PushProgress();
        refused.Read("8fcd3f157189: Waiting");
        refused.Read("unauthorized: authentication required");
        Assert.Equal(["unauthorized: authentication required", "pushed r/x:1: 1 layers, 0 sent, 0 already in the registry"], refused.Lines("r/x:1"));
    }

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("SIGINT", null, false)]
    [InlineData(null, 1, false)]
    public void Succeeded_is_false_after_an_interruption_even_when_every_image_built(string? interruptedBy, int? failedExitCode, bool succeeded)
    {
        var report = new BuildReport { InterruptedBy = interruptedBy };
        report.Add(new BuiltImage("BuildImage", "build dynamo", ["dynamo:v1-none"], "sha256:" + new string('a', 64), 1, TimeSpan.FromSeconds(1), failedExitCode));
        var path = Path.GetTempFileName();
        try
        {
            report.WriteJson(path, "v1");
            var json = JObject.Parse(File.ReadAllText(path));
            Assert.Equal(succeeded, (bool)json["succeeded"]!);
            Assert.Equal(interruptedBy, (string?)json["interruptedBy"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(649.6, 0.65, "0.7")]
    [InlineData(1234.4, 1.234, "1.2")]
    [InlineData(0.0, 0.0, "0.0")]
    public void A_line_prints_the_duration_the_json_holds_rounded_once(double milliseconds, double reported, string printed)
    {
        var duration = TimeSpan.FromMilliseconds(milliseconds);
        Assert.Equal(reported, BuildReport.ReportedSeconds(duration));
        Assert.Equal(printed, BuildReport.Seconds(duration));
        Assert.Equal(printed, BuildReport.ReportedSeconds(duration).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture));
    }
}
