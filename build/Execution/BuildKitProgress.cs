using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Build.Execution;

/// <summary>One Dockerfile step of one image as BuildKit reported it.</summary>
public sealed record BuildKitStep(string Name, bool Cached, TimeSpan? Duration, string? Error, DateTimeOffset? Started);

/// <summary>What BuildKit did for one image: its Dockerfile steps, in the order they started.</summary>
public sealed record ImageProgress(string Target, IReadOnlyList<BuildKitStep> Steps)
{
    public int Total => Steps.Count;

    public int CachedCount => Steps.Count(s => s.Cached);

    public int RunCount => Steps.Count(s => !s.Cached && s.Duration is not null);

    /// <summary>The first step that missed the cache: where the rebuild started. Null when all were cached.</summary>
    public BuildKitStep? FirstMiss => Steps.Where(s => !s.Cached && s.Duration is not null).MinBy(s => s.Started);

    public IReadOnlyList<BuildKitStep> Slowest(int count) =>
        Steps.Where(s => !s.Cached && s.Duration is not null).OrderByDescending(s => s.Duration).Take(count).ToList();

    public BuildKitStep? Failed => Steps.FirstOrDefault(s => s.Error is not null);
}

/// <summary>
/// Reads BuildKit's machine-readable progress (<c>--progress rawjson</c>: one JSON solve status per line) and keeps,
/// per image, its Dockerfile steps (vertices named <c>[stage n/m] ...</c>, FROM excluded) with cache hits, durations and
/// errors. In a bake of several targets, vertex names start with the target: <c>[target stage n/m] ...</c>. A vertex the
/// targets share (a stage Build 2 takes from Build 1 in the same solve) is reported once, under one of them.
/// </summary>
public sealed partial class BuildKitProgress(bool namesStartWithTarget, string? singleTarget = null)
{
    private readonly Dictionary<string, Vertex> vertices = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    /// <summary>Raised for each step that started or finished (for a live view).</summary>
    public event Action<string, BuildKitStep>? StepChanged;

    /// <summary>Takes one line of rawjson; lines that are not JSON (a message from the docker client) are ignored.</summary>
    public void Read(string line)
    {
        if (line.Length == 0 || line[0] != '{')
        {
            return;
        }

        JObject status;
        try
        {
            status = JObject.Parse(line);
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            return;
        }

        if (status["vertexes"] is not JArray updates)
        {
            return;
        }

        foreach (var update in updates.OfType<JObject>())
        {
            var digest = (string?)update["digest"];
            var name = (string?)update["name"];
            if (digest is null || name is null || Parse(name) is not var (target, step) || target is null)
            {
                continue;
            }

            if (!vertices.TryGetValue(digest, out var vertex))
            {
                vertex = new Vertex(target, step);
                vertices[digest] = vertex;
                order.Add(digest);
            }

            vertex.Started ??= Time(update["started"]);
            vertex.Completed = Time(update["completed"]) ?? vertex.Completed;
            vertex.Cached |= (bool?)update["cached"] ?? false;
            if ((string?)update["error"] is { } error)
            {
                // A vertex BuildKit cancels (a duplicate of another target's, or the rest of a failed solve) did no work.
                vertex.Canceled |= error.EndsWith("context canceled", StringComparison.Ordinal);
                vertex.Error = vertex.Canceled ? null : error;
            }

            StepChanged?.Invoke(target, vertex.ToStep());
        }
    }

    /// <summary>Each image's steps, in the order images first appeared.</summary>
    public IReadOnlyList<ImageProgress> Images() =>
        order.Select(d => vertices[d]).Where(v => !v.Canceled).GroupBy(v => v.Target)
            .Select(g => new ImageProgress(g.Key, g.Select(v => v.ToStep()).OrderBy(s => s.Started ?? DateTimeOffset.MaxValue).ToList()))
            .ToList();

    public ImageProgress? Image(string target) => Images().FirstOrDefault(i => i.Target == target);

    /// <summary>(target, step) of a Dockerfile step vertex; (null, _) for internal vertices and exports.</summary>
    private (string? Target, string Step)? Parse(string name)
    {
        var match = StepName().Match(name);
        if (!match.Success)
        {
            return null;
        }

        var words = match.Groups["words"].Value;
        var step = match.Groups["step"].Value;
        if (step.StartsWith("FROM ", StringComparison.Ordinal))
        {
            // Resolving a base image is not a build step: BuildKit never marks it cached, so it would read as a miss.
            return null;
        }

        if (!namesStartWithTarget)
        {
            return (singleTarget ?? string.Empty, $"[{words} {match.Groups["n"].Value}] {step}".Replace("[ ", "[", StringComparison.Ordinal));
        }

        // "[target stage n/m]" or "[target n/m]": the first word is the bake target.
        var space = words.IndexOf(' ', StringComparison.Ordinal);
        var target = space < 0 ? words : words[..space];
        var stage = space < 0 ? string.Empty : words[(space + 1)..] + " ";
        return target.Length == 0 ? (null, step) : (target, $"[{stage}{match.Groups["n"].Value}] {step}");
    }

    private static DateTimeOffset? Time(JToken? token) => token?.Type switch
    {
        JTokenType.Date => new DateTimeOffset((DateTime)token),
        JTokenType.String when DateTimeOffset.TryParse((string?)token, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) => t,
        _ => null,
    };

    [GeneratedRegex(@"^\[(?<words>[^\]]*?) ?(?<n>\d+/\d+)\] (?<step>.*)$", RegexOptions.Singleline)]
    private static partial Regex StepName();

    private sealed class Vertex(string target, string name)
    {
        public string Target { get; } = target;

        public DateTimeOffset? Started { get; set; }

        public DateTimeOffset? Completed { get; set; }

        public bool Cached { get; set; }

        public string? Error { get; set; }

        public bool Canceled { get; set; }

        public BuildKitStep ToStep() =>
            new(name, Cached, Completed is { } c && Started is { } s ? c - s : null, Error, Started);
    }
}
