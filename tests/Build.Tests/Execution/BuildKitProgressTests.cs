using Build.Execution;
using BuildKitProgress = Build.Execution.BuildKitProgress;
using Build.Tests.Support;

namespace Build.Tests.Execution;

public class BuildKitProgressTests
{
    private static readonly DateTimeOffset RunStart = DateTimeOffset.Parse("2026-12-01T13:48:53Z", System.Globalization.CultureInfo.InvariantCulture);

    // Lines as `docker buildx bake --progress rawjson` wrote them (dockerd 28.5, buildx 0.29), trimmed to the fields read.
    private static readonly string[] BakeLines =
    [
        """{"vertexes":[{"digest":"sha256:01","name":"[internal] load local bake definitions","started":"2026-12-01T13:48:53.930Z","completed":"2026-12-01T13:48:53.931Z"}]}""",
        """{"vertexes":[{"digest":"sha256:02","name":"[base internal] load build definition from Dockerfile","started":"2026-12-01T13:48:53.973Z","completed":"2026-12-01T13:48:53.987Z"}]}""",
        """{"vertexes":[{"digest":"sha256:03","name":"[b base 1/2] FROM docker.io/local/debian:bookworm@sha256:eff","started":"2026-12-01T13:48:53.988Z"}]}""",
        """{"vertexes":[{"digest":"sha256:03","name":"[b base 1/2] FROM docker.io/local/debian:bookworm@sha256:eff","started":"2026-12-01T13:48:53.988Z","completed":"2026-12-01T13:48:54.023Z"}]}""",
        """{"vertexes":[{"digest":"sha256:04","name":"[b base 2/2] RUN echo hi > /a","started":"2026-12-01T13:48:54.027Z","completed":"2026-12-01T13:48:54.029Z","cached":true}]}""",
        """{"statuses":[{"id":"x","vertex":"sha256:04","current":1}]}""",
        """{"vertexes":[{"digest":"sha256:05","name":"[b 1/2] RUN cat /a > /c","started":"2026-12-01T13:48:54.029Z","completed":"2026-12-01T13:48:56.199Z"}]}""",
        """{"vertexes":[{"digest":"sha256:06","name":"[b 2/2] RUN make","started":"2026-12-01T13:48:56.200Z","completed":"2026-12-01T13:49:06.200Z"}]}""",
        """{"vertexes":[{"digest":"sha256:07","name":"[base base 2/2] RUN echo hi > /a","started":"2026-12-01T13:48:54.084Z","completed":"2026-12-01T13:48:54.085Z","cached":true}]}""",
        """{"vertexes":[{"digest":"sha256:08","name":"[base] exporting to image","started":"2026-12-01T13:48:54.096Z","completed":"2026-12-01T13:48:54.280Z"}]}""",
        "#0 building with \"default\" instance using docker driver",
    ];

    private static BuildKitProgress Read(IEnumerable<string> lines, string[]? targets = null, DateTimeOffset? start = null, ManualClock? clock = null)
    {
        var progress = new BuildKitProgress(targets ?? ["base", "b"], namesStartWithTarget: true, start ?? RunStart, clock ?? new ManualClock(RunStart.AddMinutes(1)));
        foreach (var line in lines)
        {
            progress.Read(line);
        }

        return progress;
    }

    [Fact]
    public void Steps_are_counted_per_bake_target_and_internal_vertices_are_not_steps()
    {
        var progress = Read(BakeLines);
        Assert.Equal(["base", "b"], progress.Images().Select(i => i.Target));
        var b = progress.Image("b")!;
        Assert.Equal(3, b.Total); // FROM is not a step
        Assert.Equal(1, b.CachedCount);
        Assert.Equal(2, b.RunCount);
        var onlyBase = progress.Image("base")!;
        Assert.Equal((1, 1, 0), (onlyBase.Total, onlyBase.CachedCount, onlyBase.RunCount));
        Assert.Null(onlyBase.FirstMiss);
        Assert.Equal("3 steps, 1 cached, 2 run", b.Counts);
        Assert.Equal("1 step, 1 cached, 0 run", onlyBase.Counts);
    }

    [Fact]
    public void A_step_that_started_and_never_completed_is_a_step_but_not_run()
    {
        // An interrupted build: BuildKit reported the start of [b 3/3] and nothing after it.
        var b = Read([.. BakeLines, """{"vertexes":[{"digest":"sha256:09","name":"[b 3/3] RUN sleep 60","started":"2026-12-01T13:49:07Z"}]}"""]).Image("b")!;
        Assert.Equal((4, 1, 2), (b.Total, b.CachedCount, b.RunCount));
    }

    [Fact]
    public void The_first_miss_and_the_slowest_steps_come_from_the_timestamps()
    {
        var b = Read(BakeLines).Image("b")!;
        Assert.Equal("[1/2] RUN cat /a > /c", b.FirstMiss!.Name);
        Assert.Equal(["[2/2] RUN make", "[1/2] RUN cat /a > /c"], b.Slowest(2).Select(s => s.Name));
        Assert.Equal(TimeSpan.FromSeconds(10), b.Slowest(1)[0].Duration);
    }

    [Fact]
    public void A_failed_step_keeps_buildkits_error()
    {
        var b = Read([.. BakeLines, """{"vertexes":[{"digest":"sha256:09","name":"[b 3/3] RUN false","started":"2026-12-01T13:49:07Z","completed":"2026-12-01T13:49:08Z","error":"process \"/bin/sh -c false\" did not complete successfully: exit code: 1"}]}"""]).Image("b")!;
        Assert.Equal("[3/3] RUN false", b.Failed!.Name);
        Assert.Contains("exit code: 1", b.Failed.Error, StringComparison.Ordinal);
        Assert.Equal(ImagePhase.Failed, b.Phase);
    }

    [Fact]
    public void A_single_build_names_its_steps_by_stage_and_counts_them_for_the_one_image()
    {
        var progress = new BuildKitProgress("dynamo:1-vllm", DateTimeOffset.Parse("2026-12-01T12:59:00Z", System.Globalization.CultureInfo.InvariantCulture), new ManualClock(RunStart));
        progress.Read("""{"vertexes":[{"digest":"sha256:a","name":"[runtime 3/7] RUN pip install x","started":"2026-12-01T13:00:00Z","completed":"2026-12-01T13:00:05Z"}]}""");
        progress.Read("""{"vertexes":[{"digest":"sha256:b","name":"[2/7] COPY a b","started":"2026-12-01T12:59:59Z","completed":"2026-12-01T13:00:00Z","cached":true}]}""");
        var image = Assert.Single(progress.Images());
        Assert.Equal("dynamo:1-vllm", image.Target);
        Assert.Equal(["[2/7] COPY a b", "[runtime 3/7] RUN pip install x"], image.Steps.Select(s => s.Name));
    }

    [Fact]
    public void A_vertex_buildkit_cancelled_did_no_work_and_is_neither_a_step_nor_a_failure()
    {
        var b = Read([.. BakeLines, """{"vertexes":[{"digest":"sha256:0a","name":"[b 3/3] COPY --from=dynamo_base /x /x","started":"2026-12-01T13:49:07Z","completed":"2026-12-01T13:49:07Z","error":"context canceled"}]}"""]).Image("b")!;
        Assert.Null(b.Failed);
        Assert.DoesNotContain(b.Steps, s => s.Name.Contains("COPY", StringComparison.Ordinal));
    }

    // A build that joined a step another build on the builder still held (captured here: the other build ran
    // "RUN echo shared… && sleep 3" at 05:40:55-59 and was still running when this one started at 05:41:05). BuildKit
    // replays the step's history, the other build's times and all: this run did not run it.
    private static readonly string[] JoinedLines =
    [
        """{"vertexes":[{"digest":"sha256:33c5","name":"[3/3] RUN echo two > /b"}]}""",
        """{"vertexes":[{"digest":"sha256:6da1","name":"[1/3] FROM docker.io/local/debian:bookworm@sha256:e91c","started":"2026-12-02T05:40:55.519277454Z","completed":"2026-12-02T05:40:55.577079971Z"}]}""",
        """{"vertexes":[{"digest":"sha256:5af3","name":"[2/3] RUN echo shared-18464 > /a && sleep 3","started":"2026-12-02T05:40:55.585811695Z","completed":"2026-12-02T05:40:59.249398107Z"}]}""",
        """{"vertexes":[{"digest":"sha256:33c5","name":"[3/3] RUN echo two > /b","started":"2026-12-02T05:41:06.76354432Z"}]}""",
        """{"vertexes":[{"digest":"sha256:33c5","name":"[3/3] RUN echo two > /b","started":"2026-12-02T05:41:06.76354432Z","completed":"2026-12-02T05:41:07.320144244Z"}]}""",
    ];

    [Fact]
    public void A_step_another_build_did_before_this_run_is_not_this_runs_work()
    {
        var start = DateTimeOffset.Parse("2026-12-02T05:41:05Z", System.Globalization.CultureInfo.InvariantCulture);
        var clock = new ManualClock(start.AddSeconds(2.5));
        var progress = new BuildKitProgress("two", start, clock);
        foreach (var line in JoinedLines)
        {
            progress.Read(line);
        }

        var image = progress.Image("two")!;
        Assert.Equal("2 steps, 1 cached, 1 run", image.Counts);
        Assert.Equal("[3/3] RUN echo two > /b", image.FirstMiss!.Name);
        var joined = image.Steps.Single(s => s.Name.StartsWith("[2/3]", StringComparison.Ordinal));
        Assert.True(joined.Cached);
        Assert.Equal(TimeSpan.Zero, joined.Duration);
        Assert.Equal(["[3/3] RUN echo two > /b"], image.Slowest(3).Select(s => s.Name));
    }

    [Fact]
    public void A_replayed_step_that_ended_just_before_this_run_is_not_this_runs_work_but_an_announced_one_may_be()
    {
        // The run started 1 s after the other build's step ended: within a builder's clock skew.
        var start = DateTimeOffset.Parse("2026-12-02T05:41:00.25Z", System.Globalization.CultureInfo.InvariantCulture);
        var progress = new BuildKitProgress("two", start, new ManualClock(start.AddSeconds(10)));
        foreach (var line in JoinedLines)
        {
            progress.Read(line);
        }

        Assert.Equal("2 steps, 1 cached, 1 run", progress.Image("two")!.Counts);

        // The same times for a step this run announced first (a builder whose clock is 1 s behind): this run's.
        var announced = new BuildKitProgress("two", start, new ManualClock(start.AddSeconds(10)));
        foreach (var line in JoinedLines.Prepend("""{"vertexes":[{"digest":"sha256:5af3","name":"[2/3] RUN echo shared-18464 > /a && sleep 3"}]}"""))
        {
            announced.Read(line);
        }

        Assert.Equal("2 steps, 0 cached, 2 run", announced.Image("two")!.Counts);
    }

    [Fact]
    public void A_step_another_build_started_before_this_run_counts_only_from_the_runs_start()
    {
        var start = DateTimeOffset.Parse("2026-12-02T05:40:57Z", System.Globalization.CultureInfo.InvariantCulture);
        var progress = new BuildKitProgress("two", start, new ManualClock(start.AddSeconds(15)));
        foreach (var line in JoinedLines)
        {
            progress.Read(line);
        }

        var joined = progress.Image("two")!.Steps.Single(s => s.Name.StartsWith("[2/3]", StringComparison.Ordinal));
        Assert.False(joined.Cached);
        Assert.Equal(start, joined.Started);
        Assert.InRange(joined.Duration!.Value.TotalSeconds, 2.249, 2.250);
    }

    [Fact]
    public void Durations_end_at_the_last_event_read_and_are_never_negative()
    {
        // A builder whose clock runs ahead: its completion time is after the moment this host read it.
        var clock = new ManualClock(RunStart.AddSeconds(1));
        var progress = Read(["""{"vertexes":[{"digest":"sha256:1","name":"[b 1/1] RUN x","started":"2026-12-01T13:48:53.5Z","completed":"2026-12-01T13:49:30Z"}]}"""], clock: clock);
        var step = Assert.Single(progress.Image("b")!.Steps);
        Assert.Equal(TimeSpan.FromSeconds(0.5), step.Duration);
    }

    [Fact]
    public void A_vertex_buildkit_restarts_counts_each_interval_once()
    {
        var b = Read(
        [
            """{"vertexes":[{"digest":"sha256:1","name":"[b 1/1] RUN x","started":"2026-12-01T13:49:00Z","completed":"2026-12-01T13:49:01Z"}]}""",
            """{"vertexes":[{"digest":"sha256:1","name":"[b 1/1] RUN x","started":"2026-12-01T13:49:02Z"}]}""",
            """{"vertexes":[{"digest":"sha256:1","name":"[b 1/1] RUN x","started":"2026-12-01T13:49:02Z","completed":"2026-12-01T13:49:05Z"}]}""",
        ]).Image("b")!;
        Assert.Equal(TimeSpan.FromSeconds(4), Assert.Single(b.Steps).Duration);
    }

    // A bake of a base and the runtime built on it (captured): the base's step is a vertex of both targets, each
    // reporting it with its own times; the runtime's target reported it first.
    private static readonly string[] SharedLines =
    [
        """{"vertexes":[{"digest":"sha256:42d2","name":"[base 2/2] RUN echo base > /base"}]}""",
        """{"vertexes":[{"digest":"sha256:b62d","name":"[runtime 1/2] RUN echo rt > /rt"}]}""",
        """{"vertexes":[{"digest":"sha256:42d2","name":"[runtime 2/2] RUN echo base > /base","started":"2026-12-02T05:40:01.91177632Z"}]}""",
        """{"vertexes":[{"digest":"sha256:42d2","name":"[runtime 2/2] RUN echo base > /base","started":"2026-12-02T05:40:01.91177632Z","completed":"2026-12-02T05:40:02.455469376Z"}]}""",
        """{"vertexes":[{"digest":"sha256:42d2","name":"[base 2/2] RUN echo base > /base","started":"2026-12-02T05:40:02.194101398Z"}]}""",
        """{"vertexes":[{"digest":"sha256:42d2","name":"[base 2/2] RUN echo base > /base","started":"2026-12-02T05:40:02.194101398Z","completed":"2026-12-02T05:40:02.737794454Z"}]}""",
        """{"vertexes":[{"digest":"sha256:b62d","name":"[runtime 1/2] RUN echo rt > /rt","started":"2026-12-02T05:40:02.46136359Z","completed":"2026-12-02T05:40:03.389722363Z"}]}""",
    ];

    [Fact]
    public void A_step_images_share_counts_once_under_the_first_image_of_the_bake_and_as_shared_in_the_others()
    {
        var start = DateTimeOffset.Parse("2026-12-02T05:40:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var progress = new BuildKitProgress(["base", "runtime"], namesStartWithTarget: true, start, new ManualClock(start.AddSeconds(5)));
        foreach (var line in SharedLines)
        {
            progress.Read(line);
        }

        var (baseImage, runtime) = (progress.Image("base")!, progress.Image("runtime")!);
        Assert.Equal("1 step, 0 cached, 1 run", baseImage.Counts);
        Assert.Equal("1 step, 0 cached, 1 run, 1 shared", runtime.Counts);
        Assert.Equal(["[1/2] RUN echo rt > /rt"], runtime.Steps.Select(s => s.Name));

        // The owner's own times (0.54 s), not a mix of both targets' (which was once negative).
        Assert.InRange(baseImage.Steps[0].Duration!.Value.TotalSeconds, 0.543, 0.544);

        // The bake's order decides, not which target BuildKit named first.
        var reversed = new BuildKitProgress(["runtime", "base"], namesStartWithTarget: true, start, new ManualClock(start.AddSeconds(5)));
        foreach (var line in SharedLines)
        {
            reversed.Read(line);
        }

        Assert.Equal(2, reversed.Image("runtime")!.Total);
        Assert.Equal(1, reversed.Image("base")!.Shared);
    }

    [Fact]
    public void An_images_export_moves_forward_through_exporting_unpacking_and_pushing_to_done_on_this_hosts_clock()
    {
        var clock = new ManualClock(RunStart.AddSeconds(1));
        var progress = Read([], clock: clock);
        void At(double seconds, string line)
        {
            clock.Now = RunStart.AddSeconds(seconds);
            progress.Read(line);
        }

        Assert.Equal(ImagePhase.Queued, progress.Image("b")!.Phase);
        At(1, """{"vertexes":[{"digest":"sha256:i","name":"[b internal] load build definition from Dockerfile","started":"2026-12-01T13:48:54Z"}]}""");
        Assert.Equal(ImagePhase.Building, progress.Image("b")!.Phase);
        At(2, """{"vertexes":[{"digest":"sha256:e","name":"[b] exporting to image","started":"2026-12-01T13:48:55Z"}]}""");
        Assert.Equal(ImagePhase.Exporting, progress.Image("b")!.Phase);
        At(3, """{"statuses":[{"id":"unpacking to docker.io/x:1","vertex":"sha256:e","started":"2026-12-01T13:48:56Z"}]}""");
        Assert.Equal(ImagePhase.Unpacking, progress.Image("b")!.Phase);
        At(4, """{"statuses":[{"id":"naming to docker.io/x:2","vertex":"sha256:e","started":"2026-12-01T13:48:57Z"}]}""");
        Assert.Equal(ImagePhase.Unpacking, progress.Image("b")!.Phase); // a second tag: not back to exporting
        At(5, """{"statuses":[{"id":"pushing layers","vertex":"sha256:e","started":"2026-12-01T13:48:58Z"}]}""");
        Assert.Equal(ImagePhase.Pushing, progress.Image("b")!.Phase);
        At(7.5, """{"vertexes":[{"digest":"sha256:e","name":"[b] exporting to image","started":"2026-12-01T13:48:55Z","completed":"2026-12-01T13:49:00Z"}]}""");
        var done = progress.Image("b")!;
        Assert.Equal(ImagePhase.Done, done.Phase);
        Assert.Equal(TimeSpan.FromSeconds(6.5), done.Duration);
        Assert.Equal(ImagePhase.Queued, progress.Image("base")!.Phase);

        clock.Now = RunStart.AddSeconds(9);
        progress.Finish(bakeSucceeded: false);
        Assert.Equal(TimeSpan.FromSeconds(6.5), progress.Image("b")!.Duration);
        Assert.Equal(ImagePhase.Stopped, progress.Image("base")!.Phase);
        Assert.Equal(TimeSpan.Zero, progress.Image("base")!.Duration);
    }

    [Theory]
    [InlineData("[base 2/9] RUN --mount=type=bind,source=container/scripts,target=/tmp/dynamo-scripts --mount=type=cache,id=dynamo-apt-cache,target=/var/cache/apt,sharing=private sh /tmp/dynamo-scripts/check-arch.sh && sh /tmp/dynamo-scripts/apt-install.sh ca-certificates python3",
        "[base 2/9] RUN sh /tmp/dynamo-scripts/check-arch.sh && sh…")]
    [InlineData("[runtime 4/8] COPY --from=venv --chown=1000:0 /opt/dynamo/venv /opt/dynamo/venv", "[runtime 4/8] COPY /opt/dynamo/venv /opt/dynamo/venv")]
    [InlineData("[2/2] RUN make", "[2/2] RUN make")]
    [InlineData("[venv 1/1] RUN python3 -m venv /opt/dynamo/venv && sh /tmp/pip-install.sh", "[venv 1/1] RUN python3 -m venv /opt/dynamo/venv && sh…")]
    public void Step_names_are_the_stage_the_number_and_the_instructions_first_words(string vertex, string name)
    {
        Assert.Equal(name, BuildKitProgress.ShortName(vertex));
        Assert.True(name.Length <= 70, name);
    }

    [Fact]
    public void The_report_keeps_the_whole_instruction_beside_the_short_name()
    {
        var step = Read(["""{"vertexes":[{"digest":"sha256:1","name":"[b stage 1/1] RUN --mount=type=cache,target=/c a b c d e f g","started":"2026-12-01T13:49:00Z","completed":"2026-12-01T13:49:01Z"}]}"""]).Image("b")!.Steps[0];
        Assert.Equal("[stage 1/1] RUN a b c d e f…", step.Name);
        Assert.Equal("[stage 1/1] RUN --mount=type=cache,target=/c a b c d e f g", step.Instruction);
    }
}
