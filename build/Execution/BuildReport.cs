using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Build.Execution;

/// <summary>One image a real run built (or failed to build, or stopped building when the host was told to stop: cancelled).</summary>
public sealed record BuiltImage(string Task, string Title, IReadOnlyList<string> Tags, string? ImageId, long? SizeBytes, TimeSpan Duration, int? FailedExitCode, bool Cancelled = false)
{
    /// <summary>BuildKit's steps of this image (from --progress rawjson; the bake executor), null when not known.</summary>
    public ImageProgress? Steps { get; init; }
}

/// <summary>One image Publish pushed: the local source, the registry reference and the digest the registry gave it.</summary>
public sealed record PushedImage(string Source, string Reference, string Digest)
{
    /// <summary>For a push by digest: the platform it was built for (one per run).</summary>
    public string? Platform { get; init; }

    /// <summary>For a push by digest: the registry repository (the merge's source is REPOSITORY@DIGEST).</summary>
    public string? Repository { get; init; }

    /// <summary>For a push by digest: the tags the manifest list of all platforms gets (MergeManifests).</summary>
    public IReadOnlyList<string> ManifestTags { get; init; } = [];
}

/// <summary>One <c>docker buildx bake</c>: the tasks whose image builds it ran (all at once), and how long it took.</summary>
public sealed record BakeRun(IReadOnlyList<string> Tasks, TimeSpan Duration);

/// <summary>One manifest list MergeManifests created: its tags, its digest and the per-platform images in it.</summary>
public sealed record MergedList(IReadOnlyList<string> Tags, string Digest, IReadOnlyList<string> Sources);

/// <summary>What a real run built and pushed: the summary table and the --report-json file.</summary>
public sealed class BuildReport
{
    private readonly List<BuiltImage> images = [];
    private readonly List<PushedImage> pushed = [];
    private readonly List<MergedList> merged = [];
    private readonly List<TagBefore> putBack = [];

    public IReadOnlyList<MergedList> Merged => merged;

    public void AddMerged(MergedList list) => merged.Add(list);

    public IReadOnlyList<BuiltImage> Images => images;

    public IReadOnlyList<PushedImage> Pushed => pushed;

    /// <summary>The signal that stopped the run (SIGINT, SIGTERM, SIGHUP), or null.</summary>
    public string? InterruptedBy { get; set; }

    public void Add(BuiltImage image) => images.Add(image);

    /// <summary>The bake of the run, when the bake executor ran one (Cake's task table shows it as one row).</summary>
    public BakeRun? Bake { get; private set; }

    public void AddBake(BakeRun bake) => Bake = bake;

    public void AddPushed(PushedImage image) => pushed.Add(image);

    /// <summary>The tags a run that did not finish put back where they were (docs/decisions.md §4.5).</summary>
    public IReadOnlyList<TagBefore> PutBack => putBack;

    public void AddPutBack(IEnumerable<TagBefore> tags) => putBack.AddRange(tags);

    /// <summary>How many of the slowest steps the report names per image.</summary>
    public const int SlowestCount = 3;

    /// <summary>The summary table; the tags put back are said when they are (SequentialExecutor.Finish) and are in the JSON.</summary>
    public IEnumerable<string> TableLines() => ImageLines().Concat(StepLines()).Concat(PushedLines()).Concat(MergedLines());

    /// <summary>
    /// Per image with BuildKit's steps (this run's, BuildKitProgress): counts as the live lines had them, the step that
    /// started the rebuild, the slowest steps.
    /// </summary>
    private IEnumerable<string> StepLines()
    {
        foreach (var image in images.Where(i => i.Steps is not null))
        {
            var steps = image.Steps!;
            yield return $"{image.Tags.FirstOrDefault() ?? image.Title}: {steps.Counts}"
                + (steps.Failed is { } failed ? $"; FAILED at {failed.Name}" : string.Empty);
            if (steps.FirstMiss is { } miss)
            {
                yield return $"  first cache miss: {miss.Name}";
            }

            foreach (var slow in steps.Slowest(SlowestCount))
            {
                yield return $"  {Seconds(slow.Duration)} s  {slow.Name}";
            }
        }
    }

    /// <summary>
    /// A duration as the JSON report holds it (seconds, to the millisecond). The printed figures are formatted from this
    /// same value, so a line and the report never round one duration two ways (0.6496 s is 0.65 in the report, so 0.7
    /// in a line, not 0.6).
    /// </summary>
    public static double ReportedSeconds(TimeSpan? duration) => Math.Round((duration ?? TimeSpan.Zero).TotalSeconds, 3);

    /// <summary>Seconds with one decimal, as every duration of the view and the summaries is printed: <see cref="ReportedSeconds"/> rounded.</summary>
    public static string Seconds(TimeSpan? duration) => ReportedSeconds(duration).ToString("0.0", CultureInfo.InvariantCulture);

    private IEnumerable<string> MergedLines()
    {
        if (merged.Count == 0)
        {
            yield break;
        }

        var width = merged.Max(m => m.Tags[0].Length);
        yield return $"{"manifest list".PadRight(width)}  digest  (platform images)";
        foreach (var m in merged)
        {
            yield return $"{m.Tags[0].PadRight(width)}  {m.Digest}  ({m.Sources.Count})";
        }
    }

    private IEnumerable<string> PushedLines()
    {
        if (pushed.Count == 0)
        {
            yield break;
        }

        var width = pushed.Max(p => p.Reference.Length);
        yield return $"{"pushed".PadRight(width)}  digest";
        foreach (var p in pushed)
        {
            yield return $"{p.Reference.PadRight(width)}  {p.Digest}";
        }
    }

    private IEnumerable<string> ImageLines()
    {
        if (images.Count == 0)
        {
            yield break;
        }

        var rows = images.Select(i => new[]
        {
            i.Cancelled ? "CANCELLED" : i.FailedExitCode is null ? "built" : $"FAILED ({i.FailedExitCode})",
            string.Join(", ", i.Tags),
            i.ImageId is null ? "-" : i.ImageId.Replace("sha256:", "", StringComparison.Ordinal)[..12],
            i.SizeBytes is null ? "-" : $"{i.SizeBytes.Value / 1e6:0.0} MB",
            $"{Seconds(i.Duration)} s",
        }).Prepend(["result", "image", "id", "size", "duration"]).ToList();
        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            yield return string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd();
        }
    }

    public void WriteJson(string path, string version)
    {
        var json = new JObject
        {
            ["version"] = version,
            ["succeeded"] = InterruptedBy is null && images.All(i => i.FailedExitCode is null),
            ["interruptedBy"] = InterruptedBy,
            ["images"] = new JArray(images.Select(i => new JObject
            {
                ["task"] = i.Task,
                ["title"] = i.Title,
                ["tags"] = new JArray(i.Tags),
                ["imageId"] = i.ImageId,
                ["sizeBytes"] = i.SizeBytes,
                ["durationSeconds"] = ReportedSeconds(i.Duration),
                ["failedExitCode"] = i.FailedExitCode,
                ["cancelled"] = i.Cancelled,
                ["steps"] = i.Steps is not { } steps ? null : new JObject
                {
                    ["total"] = steps.Total,
                    ["cached"] = steps.CachedCount,
                    ["run"] = steps.RunCount,
                    ["shared"] = steps.Shared,
                    ["firstCacheMiss"] = steps.FirstMiss?.Name,
                    ["failedStep"] = steps.Failed?.Name,
                    ["slowest"] = new JArray(steps.Slowest(SlowestCount).Select(s => new JObject
                    {
                        ["step"] = s.Name,
                        ["instruction"] = s.Instruction,
                        ["seconds"] = ReportedSeconds(s.Duration),
                    })),
                },
            })),
            ["pushed"] = new JArray(pushed.Select(PushedJson)),
        };
        if (putBack.Count > 0)
        {
            // Where each tag the run had moved points again: an image id, or null for a tag the run made and removed.
            json["tagsPutBack"] = new JArray(putBack.Select(t => new JObject { ["tag"] = t.Tag, ["imageId"] = t.ImageId }));
        }

        if (merged.Count > 0)
        {
            json["merged"] = new JArray(merged.Select(m => new JObject
            {
                ["tags"] = new JArray(m.Tags),
                ["digest"] = m.Digest,
                ["sources"] = new JArray(m.Sources),
            }));
        }

        AtomicFile.Write(path, json.ToString(Formatting.Indented) + "\n", $"--report-json file '{path}'");
    }

    private static JObject PushedJson(PushedImage p)
    {
        var json = new JObject
        {
            ["source"] = p.Source,
            ["reference"] = p.Reference,
            ["digest"] = p.Digest,
        };
        if (p.Platform is not null)
        {
            // What MergeManifests reads back (build/Facts/DigestReports.cs).
            json["platform"] = p.Platform;
            json["repository"] = p.Repository;
            json["manifestTags"] = new JArray(p.ManifestTags);
        }

        return json;
    }

    public static (string? Id, long? Size) ParseInspect(string output)
    {
        var parts = output.Trim().Split(' ');
        return parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? (parts[0], size)
            : (null, null);
    }
}
