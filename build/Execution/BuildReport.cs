using System.Globalization;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Build.Execution;

/// <summary>One image a real run built (or failed to build).</summary>
public sealed record BuiltImage(string Task, string Title, IReadOnlyList<string> Tags, string? ImageId, long? SizeBytes, TimeSpan Duration, int? FailedExitCode);

/// <summary>What a real run built: the summary table and the --report-json file.</summary>
public sealed class BuildReport
{
    private readonly List<BuiltImage> images = [];

    public IReadOnlyList<BuiltImage> Images => images;

    public void Add(BuiltImage image) => images.Add(image);

    public IEnumerable<string> TableLines()
    {
        if (images.Count == 0)
        {
            yield break;
        }

        var rows = images.Select(i => new[]
        {
            i.FailedExitCode is null ? "built" : $"FAILED ({i.FailedExitCode})",
            string.Join(", ", i.Tags),
            i.ImageId is null ? "-" : i.ImageId.Replace("sha256:", "", StringComparison.Ordinal)[..12],
            i.SizeBytes is null ? "-" : $"{i.SizeBytes.Value / 1e6:0.0} MB",
            $"{i.Duration.TotalSeconds:0.0} s",
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
            ["succeeded"] = images.All(i => i.FailedExitCode is null),
            ["images"] = new JArray(images.Select(i => new JObject
            {
                ["task"] = i.Task,
                ["title"] = i.Title,
                ["tags"] = new JArray(i.Tags),
                ["imageId"] = i.ImageId,
                ["sizeBytes"] = i.SizeBytes,
                ["durationSeconds"] = Math.Round(i.Duration.TotalSeconds, 3),
                ["failedExitCode"] = i.FailedExitCode,
            })),
        };
        File.WriteAllText(path, json.ToString(Formatting.Indented) + "\n");
    }

    public static (string? Id, long? Size) ParseInspect(string output)
    {
        var parts = output.Trim().Split(' ');
        return parts.Length == 2 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            ? (parts[0], size)
            : (null, null);
    }
}
