using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Integration;

/// <summary>
/// The bake's report on real builds (the real host and engine, small Dockerfiles on local/debian:bookworm, a base and
/// the runtime image built on it): cold, no-op and one changed step report this run's BuildKit events only, agree
/// with the live lines, lie within the wall clock, and count the base's steps once (README, "What a run reports").
/// And a step another build on the engine holds is not counted as this run's work.
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class BakeReportTests : IDisposable
{
    private readonly string ns = TestRun.Namespace($"report-{Guid.NewGuid():N}"[..15]);
    private readonly TempGitRepo repo = new();
    private readonly string id = Guid.NewGuid().ToString("N")[..12];

    public BakeReportTests()
    {
        LocalBuildInputs.Ensure();
        var container = RepoPaths.MakeContainerFolder(repo.Path);
        File.WriteAllText(Path.Combine(container, "Dockerfile"), $"FROM local/debian:bookworm AS dev\nRUN echo {id} > /a; sleep 1\nRUN echo two > /b\n");
        Runtime("rt");
        repo.Commit("small images");
    }

    public void Dispose()
    {
        TestRun.RemoveNamespace(ns);
        repo.Dispose();
    }

    [Fact]
    public void Cold_no_op_and_one_changed_step_report_this_runs_steps_in_agreement_with_the_live_lines_and_the_clock()
    {
        var cold = Build();
        Assert.Equal(("2 steps, 0 cached, 2 run", "1 step, 0 cached, 1 run, 2 shared"), cold.Counts);
        Assert.Equal($"[2/3] RUN echo {id} > /a; sleep 1", (string?)cold.Base["steps"]!["firstCacheMiss"]);
        Assert.InRange((double)cold.Base["steps"]!["slowest"]![0]!["seconds"]!, 0.9, cold.Wall.TotalSeconds);
        Assert.Contains("BuildBaseImage + BuildRuntime (one bake)", cold.Result.Output, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^BuildBaseImage\s+\d\d:", cold.Result.Output); // no row of its own in the task table

        var noOp = Build();
        Assert.Equal(("2 steps, 2 cached, 0 run", "1 step, 1 cached, 0 run, 2 shared"), noOp.Counts);
        foreach (var image in new[] { noOp.Base, noOp.Runtime })
        {
            Assert.Equal(JTokenType.Null, image["steps"]!["firstCacheMiss"]!.Type);
            Assert.Empty((JArray)image["steps"]!["slowest"]!);
        }

        Runtime("changed");
        repo.Commit("one changed step");
        var changed = Build();
        Assert.Equal(("2 steps, 2 cached, 0 run", "1 step, 0 cached, 1 run, 2 shared"), changed.Counts);
        Assert.Equal("[1/2] RUN echo changed > /rt", (string?)changed.Runtime["steps"]!["firstCacheMiss"]);
    }

    [Fact]
    public async Task A_step_another_build_on_the_engine_ran_before_this_run_counts_as_cached_not_run()
    {
        // Another build runs the base's first step, then holds it (it is stopped when this run is done): BuildKit replays that step's history,
        // with its times, to this run's build, which needs the same step.
        var other = Directory.CreateTempSubdirectory("held-step-");
        File.WriteAllText(Path.Combine(other.FullName, "Dockerfile"), $"FROM local/debian:bookworm\nRUN echo {id} > /a; sleep 1\nRUN sleep 900\n");
        using var holder = Process.Start(new ProcessStartInfo("docker", ["buildx", "build", "--progress", "rawjson", "--network", "host", "--output", "type=cacheonly", other.FullName])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            var ran = new TaskCompletionSource();
            holder.ErrorDataReceived += (_, e) =>
            {
                // One status line can carry several vertices (the FROM's end with this step's start): only this step's own end counts.
                if (e.Data is { } line && Completes(line, $"RUN echo {id}"))
                {
                    ran.TrySetResult();
                }
            };
            holder.BeginErrorReadLine();
            Assert.True(await Task.WhenAny(ran.Task, Task.Delay(TimeSpan.FromMinutes(3))) == ran.Task, "the other build did not run its first step");

            var run = Build();
            Assert.False(holder.HasExited, "the other build ended before this run: it held nothing");
            Assert.Equal(("2 steps, 1 cached, 1 run", "1 step, 0 cached, 1 run, 2 shared"), run.Counts);
            Assert.Equal("[3/3] RUN echo two > /b", (string?)run.Base["steps"]!["firstCacheMiss"]);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
            other.Delete(recursive: true);
        }
    }

    /// <summary>Whether a rawjson status line says the step named <paramref name="step"/> ended.</summary>
    private static bool Completes(string line, string step)
    {
        try
        {
            return line.StartsWith('{') && JObject.Parse(line)["vertexes"] is JArray vertices
                && vertices.Any(v => ((string?)v["name"])?.Contains(step, StringComparison.Ordinal) == true && v["completed"] is not null);
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            return false;
        }
    }

    private void Runtime(string text) =>
        File.WriteAllText(Path.Combine(repo.Path, "container", "Dockerfile.vllm"), $"ARG DYNAMO_BASE_IMAGE\nFROM ${{DYNAMO_BASE_IMAGE}} AS runtime\nRUN echo {text} > /rt\n");

    private sealed record Outcome(Run.Result Result, JObject Base, JObject Runtime, TimeSpan Wall)
    {
        public (string Base, string Runtime) Counts => (CountsOf(Base), CountsOf(Runtime));
    }

    /// <summary>The report's counts of an image, in the words of the live line and the table.</summary>
    private static string CountsOf(JToken image)
    {
        var steps = image["steps"]!;
        var total = (int)steps["total"]!;
        var shared = (int)steps["shared"]!;
        return $"{total} step{(total == 1 ? "" : "s")}, {(int)steps["cached"]!} cached, {(int)steps["run"]!} run" + (shared > 0 ? $", {shared} shared" : "");
    }

    /// <summary>
    /// The base and the runtime image in one bake, piped (so the live view prints a line per state change), and
    /// the checks every run must pass: each image's live "done" line says what its report says, and no figure is
    /// negative or longer than the run.
    /// </summary>
    private Outcome Build()
    {
        var dir = Directory.CreateTempSubdirectory("bake-report-");
        try
        {
            var path = Path.Combine(dir.FullName, "report.json");
            var clock = Stopwatch.StartNew();
            var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"),
            [
                "--repo-root", repo.Path, "--framework", "vllm", "--target", "BuildRuntime", "--executor", "bake", "--build-network", "host",
                "--image-namespace", ns, "--report-json", path,
            ], RepoPaths.Root, timeoutSeconds: 900);
            var wall = clock.Elapsed;
            Assert.True(result.ExitCode == 0, result.ToString());
            var images = (JArray)JObject.Parse(File.ReadAllText(path))["images"]!;
            Assert.Equal(2, images.Count);

            var done = DoneLine().Matches(result.Error).Select(m => (m.Groups["counts"].Value, m.Groups["seconds"].Value)).Order().ToList();
            var reported = images.Select(i => (CountsOf(i), ((double)i["durationSeconds"]!).ToString("0.0", CultureInfo.InvariantCulture))).Order().ToList();
            Assert.True(reported.SequenceEqual(done), $"live lines {string.Join("; ", done)} but report {string.Join("; ", reported)}\n{result}");
            foreach (var image in images)
            {
                var seconds = (double)image["durationSeconds"]!;
                Assert.InRange(seconds, 0, wall.TotalSeconds);
                Assert.All((JArray)image["steps"]!["slowest"]!, s => Assert.InRange((double)s["seconds"]!, 0, seconds));
                Assert.Contains((string)image["tags"]![0]! + ": " + CountsOf(image), result.Output, StringComparison.Ordinal);
            }

            return new Outcome(result, (JObject)images[0], (JObject)images[1], wall);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [GeneratedRegex(@"(?m)^\S+: done, (?<counts>.+) in (?<seconds>[\d.]+) s$")]
    private static partial Regex DoneLine();
}
