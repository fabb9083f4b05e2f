using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace Build.Execution;

/// <summary>One Dockerfile step of one image as BuildKit reported it in this run.</summary>
/// <param name="Name">Short: <c>[stage n/m] INSTRUCTION first words…</c> (<see cref="BuildKitProgress.ShortName"/>).</param>
/// <param name="Cached">Taken from the cache, or done by another build on the builder before this run started.</param>
/// <param name="Duration">The step's work within this run (null while it runs, or when it never ended).</param>
public sealed record BuildKitStep(string Name, bool Cached, TimeSpan? Duration, string? Error, DateTimeOffset? Started)
{
    /// <summary>The whole vertex name as BuildKit gave it (with the target prefix removed).</summary>
    public string Instruction { get; init; } = Name;
}

/// <summary>Where an image of a bake is: from queued to done (or failed).</summary>
public enum ImagePhase
{
    Queued,
    Building,
    Exporting,
    Unpacking,
    Pushing,
    Done,
    Failed,

    /// <summary>The bake ended (failed elsewhere, or was stopped) before this image was done.</summary>
    Stopped,
}

/// <summary>What BuildKit did for one image in this run: its own Dockerfile steps, in the order they started.</summary>
public sealed record ImageProgress(string Target, IReadOnlyList<BuildKitStep> Steps)
{
    public int Total => Steps.Count;

    public int CachedCount => Steps.Count(s => s.Cached);

    public int RunCount => Steps.Count(s => !s.Cached && s.Duration is not null);

    /// <summary>Steps this image needs that are counted under an earlier image of the bake (the one-owner rule).</summary>
    public int Shared { get; init; }

    public ImagePhase Phase { get; init; }

    /// <summary>When this run first heard of the image, and when its export ended (this host's clock).</summary>
    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Ended { get; init; }

    /// <summary>From the image's first event to the end of its export: what the live line and the report show.</summary>
    public TimeSpan? Duration => Started is { } s && Ended is { } e ? e - s : null;

    /// <summary>The first step that missed the cache: where the rebuild started. Null when all were cached.</summary>
    public BuildKitStep? FirstMiss => Steps.Where(s => !s.Cached && s.Duration is not null).MinBy(s => s.Started);

    public IReadOnlyList<BuildKitStep> Slowest(int count) =>
        Steps.Where(s => !s.Cached && s.Duration is not null).OrderByDescending(s => s.Duration).Take(count).ToList();

    public BuildKitStep? Failed => Steps.FirstOrDefault(s => s.Error is not null);

    /// <summary>"3 steps, 1 cached, 2 run" (and ", 4 shared"): the same words in the live line and the report.</summary>
    public string Counts => $"{Total} step{(Total == 1 ? string.Empty : "s")}, {CachedCount} cached, {RunCount} run" + (Shared > 0 ? $", {Shared} shared" : string.Empty);
}

/// <summary>
/// Reads BuildKit's machine-readable progress (<c>--progress rawjson</c>: one JSON solve status per line) and keeps,
/// per image, its Dockerfile steps (vertices named <c>[stage n/m] ...</c>, FROM excluded) with cache hits, durations and
/// errors, and where its export is (exporting, unpacking, pushing). In a bake of several targets, vertex names start
/// with the target: <c>[target stage n/m] ...</c>.
/// <para>
/// Only this run's work counts. BuildKit replays a vertex's whole history to every build that joins it while it is
/// held by another build (its progress multi-writer), times and all: such a step, done before this run started, counts
/// as cached with no duration. (A replay arrives complete; a step of this run is announced before it starts. Work
/// that ended less than <see cref="Skew"/> before the run counts as this run's only when it was announced.) Times are clipped to the run (from <paramref name="runStarted"/> to the last event read).
/// </para>
/// <para>
/// A step several images of the bake share (the same vertex: a base's steps in the runtime image built on it) is
/// counted once, under the first of those images in the bake's order (<paramref name="targets"/>); the others count it
/// as shared. Each target reports the vertex with its own times; the owner's are used.
/// </para>
/// </summary>
public sealed partial class BuildKitProgress(IReadOnlyList<string> targets, bool namesStartWithTarget, DateTimeOffset runStarted, TimeProvider? clock = null)
{
    private readonly DateTimeOffset runStarted = runStarted;

    /// <summary>Work that ended this long before the run started was another build's (allows for a builder's clock skew).</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(2);

    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly Dictionary<(string Target, string Digest), Sighting> sightings = [];
    private readonly Dictionary<string, List<Sighting>> byTarget = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Sighting>> byDigest = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExportState> exports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> exportTargets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> firstHeard = new(StringComparer.Ordinal);
    private DateTimeOffset? finished;
    private bool succeeded;
    private IReadOnlyList<ImageProgress>? images;

    /// <summary>For one build of one image: its vertex names do not carry a target.</summary>
    public BuildKitProgress(string target, DateTimeOffset runStarted, TimeProvider? clock = null)
        : this([target], namesStartWithTarget: false, runStarted, clock)
    {
    }

    /// <summary>
    /// Raised after each line that changed a step or an export (for a live view); true when an image's state may have
    /// changed (first heard of, exporting, unpacking, pushing, done, failed), false for a step's progress only.
    /// </summary>
    public event Action<bool>? Changed;

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

        var now = clock.GetUtcNow();
        var changed = Change.None;
        foreach (var update in (status["vertexes"] as JArray ?? []).OfType<JObject>())
        {
            var change = Vertex(update, now);
            changed = change > changed ? change : changed;
        }

        foreach (var update in (status["statuses"] as JArray ?? []).OfType<JObject>())
        {
            if ((string?)update["vertex"] is { } digest && exportTargets.TryGetValue(digest, out var target) && (string?)update["id"] is { } id)
            {
                var export = exports[target];
                // Forward only: an image with two tags is named and unpacked twice, but it is past exporting.
                if (Time(update["completed"]) is null && PhaseOf(id) is { } phase && (export.Phase is null || phase > export.Phase))
                {
                    export.Phase = phase;
                    changed = Change.State;
                }
            }
        }

        if (changed != Change.None)
        {
            images = null;
            Changed?.Invoke(changed == Change.State);
        }
    }

    private Change Vertex(JObject update, DateTimeOffset now)
    {
        var digest = (string?)update["digest"];
        var name = (string?)update["name"];
        if (digest is null || name is null)
        {
            return Change.None;
        }

        if (ExportTarget(name) is { } exportOf)
        {
            firstHeard.TryAdd(exportOf, now);
            exportTargets[digest] = exportOf;
            var export = exports.TryGetValue(exportOf, out var known) ? known : exports[exportOf] = new ExportState();
            export.Phase ??= PhaseOf(name) ?? ImagePhase.Exporting;
            export.Open[digest] = Time(update["completed"]) is null || update["error"] is { Type: not JTokenType.Null };

            // Done when every export of the image (its image, its cache) has ended.
            export.Ended = export.Open.Values.Any(open => open) ? null : export.Ended ?? now;

            return Change.State;
        }

        if (Parse(name) is not var (target, step) || target is null)
        {
            return Change.None;
        }

        var heard = firstHeard.TryAdd(target, now) ? Change.State : Change.None;
        if (step is null)
        {
            return heard;
        }

        if (!sightings.TryGetValue((target, digest), out var sighting))
        {
            sighting = new Sighting(target, digest, step, Rank(target)) { ArrivedDone = update["completed"] is { Type: not JTokenType.Null } };
            sightings[(target, digest)] = sighting;
            (byTarget.TryGetValue(target, out var ofTarget) ? ofTarget : byTarget[target] = []).Add(sighting);
            (byDigest.TryGetValue(digest, out var ofDigest) ? ofDigest : byDigest[digest] = []).Add(sighting);
        }

        if (Time(update["started"]) is { } started)
        {
            // One interval per start: BuildKit restarts a vertex (a cache check, then the work) with a new start time.
            // No later than it was read (a builder's clock may run ahead of this machine's).
            var completed = Time(update["completed"]) is { } c ? Min(c, now) : (DateTimeOffset?)null;
            sighting.Intervals[started] = completed ?? sighting.Intervals.GetValueOrDefault(started);
        }

        sighting.Step = null;
        sighting.Cached |= (bool?)update["cached"] ?? false;
        if ((string?)update["error"] is { } error)
        {
            // A vertex BuildKit cancels (a duplicate of another target's, or the rest of a failed solve) did no work.
            sighting.Canceled |= error.EndsWith("context canceled", StringComparison.Ordinal);
            sighting.Error = sighting.Canceled ? null : error;
            return Change.State;
        }

        return heard == Change.State ? Change.State : Change.Step;
    }

    /// <summary>
    /// The bake ended: an image whose export was not seen to end ends now, done when the bake succeeded, else stopped
    /// (an image not heard of takes no time).
    /// </summary>
    public void Finish(bool bakeSucceeded)
    {
        finished = clock.GetUtcNow();
        succeeded = bakeSucceeded;
        images = null;
    }

    /// <summary>Each image's steps, in the bake's order of targets (then any other target BuildKit named).</summary>
    public IReadOnlyList<ImageProgress> Images() => images ??= Compute();

    /// <summary>Each image's own steps and shared count (this runs at every event, so it keeps to one pass).</summary>
    private List<ImageProgress> Compute()
    {
        var own = new Dictionary<string, List<BuildKitStep>>(StringComparer.Ordinal);
        var shared = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (target, list) in byTarget)
        {
            var steps = own[target] = [];
            foreach (var sighting in list)
            {
                if (sighting.Canceled)
                {
                    continue;
                }

                if (Owner(sighting.Digest) == sighting)
                {
                    steps.Add(sighting.Step ??= Step(sighting));
                }
                else
                {
                    shared[target] = shared.GetValueOrDefault(target) + 1;
                }
            }
        }

        return targets.Concat(firstHeard.Keys).Concat(own.Keys).Concat(shared.Keys).Distinct().OrderBy(Rank)
            .Select(target =>
            {
                var steps = own.GetValueOrDefault(target) ?? [];
                var export = exports.GetValueOrDefault(target);
                var phase = steps.Any(s => s.Error is not null) ? ImagePhase.Failed
                    : export?.Ended is not null ? ImagePhase.Done
                    : finished is not null ? (succeeded ? ImagePhase.Done : ImagePhase.Stopped)
                    : export?.Phase is { } p ? p
                    : firstHeard.ContainsKey(target) ? ImagePhase.Building
                    : ImagePhase.Queued;
                DateTimeOffset? started = firstHeard.TryGetValue(target, out var heard) ? heard : finished;
                return new ImageProgress(target, steps.OrderBy(s => s.Started ?? DateTimeOffset.MaxValue).ToList())
                {
                    Shared = shared.GetValueOrDefault(target),
                    Phase = phase,
                    Started = started,
                    Ended = export?.Ended ?? finished,
                };
            })
            .ToList();
    }

    public ImageProgress? Image(string target) => Images().FirstOrDefault(i => i.Target == target);

    /// <summary>The sighting a vertex is counted under: the first target in the bake's order that has it.</summary>
    private Sighting? Owner(string digest)
    {
        Sighting? owner = null;
        foreach (var sighting in byDigest[digest])
        {
            if (!sighting.Canceled && (owner is null || sighting.Rank < owner.Rank))
            {
                owner = sighting;
            }
        }

        return owner;
    }

    private int Rank(string target)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i] == target)
            {
                return i;
            }
        }

        return targets.Count;
    }

    /// <summary>The step as this run saw it: intervals clipped to the run, work done before the run counted as cached.</summary>
    private BuildKitStep Step(Sighting sighting)
    {
        // Another build's: work that ended before the run (allowing for skew), or before the run's start when this
        // run's first word of the step was already its end (a replay; this run's own steps are announced first).
        var stale = sighting.ArrivedDone ? runStarted : runStarted - Skew;
        var mine = sighting.Intervals
            .Where(i => i.Value is null || i.Value >= stale)
            .Select(i => (Start: Max(i.Key, runStarted), End: i.Value))
            .OrderBy(i => i.Start)
            .ToList();
        var done = sighting.Intervals.Count > 0 && sighting.Intervals.Values.All(v => v is not null);
        var before = done && mine.Count == 0;
        TimeSpan? duration = done && !before ? Union(mine.Select(i => (i.Start, i.End!.Value))) : before ? TimeSpan.Zero : null;
        return new BuildKitStep(sighting.ShortName, sighting.Cached || before, duration, sighting.Error, mine.Count > 0 ? mine[0].Start : null)
        {
            Instruction = sighting.Name,
        };
    }

    private static TimeSpan Union(IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> intervals)
    {
        var total = TimeSpan.Zero;
        DateTimeOffset? reach = null;
        foreach (var (start, end) in intervals.OrderBy(i => i.Start))
        {
            var from = reach is { } r && r > start ? r : start;
            if (end > from)
            {
                total += end - from;
                reach = end;
            }
        }

        return total;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>
    /// A step's short name: <c>[stage n/m]</c>, the instruction and its first words without options
    /// (<c>RUN --mount=… sh /tmp/x.sh a b c</c> is <c>RUN sh /tmp/x.sh a…</c>), at most about 60 characters.
    /// </summary>
    public static string ShortName(string step)
    {
        var close = step.IndexOf("] ", StringComparison.Ordinal);
        var head = close < 0 ? string.Empty : step[..(close + 2)];
        var words = step[head.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return step;
        }

        const int Budget = 48;
        var text = words[0];
        var rest = words.Skip(1).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
        var taken = 0;
        foreach (var word in rest)
        {
            if (taken == 6 || text.Length + 1 + word.Length > Budget)
            {
                break;
            }

            text += " " + word;
            taken++;
        }

        return head + text + (taken < rest.Count ? "…" : string.Empty);
    }

    /// <summary>The target of an export vertex (<c>[target] exporting to image</c>; a single build's has no prefix).</summary>
    private string? ExportTarget(string name)
    {
        if (!namesStartWithTarget)
        {
            return IsExport(name) ? targets[0] : null;
        }

        var match = TargetVertex().Match(name);
        return match.Success && IsExport(match.Groups["what"].Value) ? match.Groups["target"].Value : null;
    }

    private static bool IsExport(string what) =>
        what.StartsWith("exporting ", StringComparison.Ordinal) || what.StartsWith("pushing ", StringComparison.Ordinal)
        || what.StartsWith("preparing build cache", StringComparison.Ordinal) || what.StartsWith("writing image", StringComparison.Ordinal);

    private static ImagePhase? PhaseOf(string id) =>
        id.StartsWith("unpacking", StringComparison.Ordinal) ? ImagePhase.Unpacking
        : id.StartsWith("pushing", StringComparison.Ordinal) ? ImagePhase.Pushing
        : id.StartsWith("exporting", StringComparison.Ordinal) || id.StartsWith("naming", StringComparison.Ordinal) ? ImagePhase.Exporting
        : null;

    /// <summary>(target, step) of a vertex of a target: step null for its internal vertices; null for the bake's own.</summary>
    private (string? Target, string? Step)? Parse(string name)
    {
        var match = StepName().Match(name);
        if (!match.Success)
        {
            // "[target internal] load build definition": the image is under way, but this is no step.
            var internalVertex = InternalVertex().Match(name);
            return namesStartWithTarget && internalVertex.Success ? (internalVertex.Groups["target"].Value, null)
                : !namesStartWithTarget && name.StartsWith("[internal] load build definition", StringComparison.Ordinal) ? (targets[0], null)
                : null;
        }

        var words = match.Groups["words"].Value;
        var step = match.Groups["step"].Value;
        string? target;
        string stage;
        if (!namesStartWithTarget)
        {
            (target, stage) = (targets[0], words.Length == 0 ? string.Empty : words + " ");
        }
        else
        {
            // "[target stage n/m]" or "[target n/m]": the first word is the bake target.
            var space = words.IndexOf(' ', StringComparison.Ordinal);
            target = space < 0 ? words : words[..space];
            stage = space < 0 ? string.Empty : words[(space + 1)..] + " ";
            if (target.Length == 0)
            {
                return null;
            }
        }

        // Resolving a base image is not a build step: BuildKit never marks it cached, so it would read as a miss.
        return step.StartsWith("FROM ", StringComparison.Ordinal) ? (target, null) : (target, $"[{stage}{match.Groups["n"].Value}] {step}");
    }

    private static DateTimeOffset? Time(JToken? token) => token?.Type switch
    {
        JTokenType.Date => new DateTimeOffset((DateTime)token),
        JTokenType.String when DateTimeOffset.TryParse((string?)token, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t) => t,
        _ => null,
    };

    [GeneratedRegex(@"^\[(?<words>[^\]]*?) ?(?<n>\d+/\d+)\] (?<step>.*)$", RegexOptions.Singleline)]
    private static partial Regex StepName();

    [GeneratedRegex(@"^\[(?<target>[^\] ]+)\] (?<what>.*)$", RegexOptions.Singleline)]
    private static partial Regex TargetVertex();

    [GeneratedRegex(@"^\[(?<target>[^\] ]+) (internal|auth)\] ", RegexOptions.Singleline)]
    private static partial Regex InternalVertex();

    /// <summary>One target's reports of one vertex.</summary>
    private sealed class Sighting(string target, string digest, string name, int rank)
    {
        public string Target { get; } = target;

        public string Digest { get; } = digest;

        public int Rank { get; } = rank;

        public string Name { get; } = name;

        public string ShortName { get; } = BuildKitProgress.ShortName(name);

        /// <summary>The step as last computed; null after each update.</summary>
        public BuildKitStep? Step { get; set; }

        public SortedDictionary<DateTimeOffset, DateTimeOffset?> Intervals { get; } = [];

        public bool Cached { get; set; }

        /// <summary>The first event of the step in this run already said it was complete.</summary>
        public bool ArrivedDone { get; init; }

        public string? Error { get; set; }

        public bool Canceled { get; set; }
    }

    private enum Change
    {
        None,
        Step,
        State,
    }

    private sealed class ExportState
    {
        public Dictionary<string, bool> Open { get; } = new(StringComparer.Ordinal);

        public ImagePhase? Phase { get; set; }

        public DateTimeOffset? Ended { get; set; }
    }
}
