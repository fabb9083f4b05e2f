using Build.Execution;

namespace Build.Tests.Execution;

public class BuildKitProgressTests
{
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

    private static BuildKitProgress Read(IEnumerable<string> lines, bool bake = true, string? target = null)
    {
        var progress = new BuildKitProgress(bake, target);
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
        Assert.Equal(["b", "base"], progress.Images().Select(i => i.Target));
        var b = progress.Image("b")!;
        Assert.Equal(3, b.Total); // FROM is not a step
        Assert.Equal(1, b.CachedCount);
        Assert.Equal(2, b.RunCount);
        var onlyBase = progress.Image("base")!;
        Assert.Equal((1, 1, 0), (onlyBase.Total, onlyBase.CachedCount, onlyBase.RunCount));
        Assert.Null(onlyBase.FirstMiss);
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
    }

    [Fact]
    public void A_single_build_names_its_steps_by_stage_and_counts_them_for_the_one_image()
    {
        var progress = Read(
            [
                """{"vertexes":[{"digest":"sha256:a","name":"[runtime 3/7] RUN pip install x","started":"2026-12-01T13:00:00Z","completed":"2026-12-01T13:00:05Z"}]}""",
                """{"vertexes":[{"digest":"sha256:b","name":"[2/7] COPY a b","started":"2026-12-01T12:59:59Z","completed":"2026-12-01T13:00:00Z","cached":true}]}""",
            ],
            bake: false,
            target: "dynamo:1-vllm");
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
}
