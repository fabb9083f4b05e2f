using System.Diagnostics;

namespace Build.Execution;

/// <summary>
/// What a person sees while a bake runs, instead of BuildKit's interleaved log. On a terminal (stderr, not CI): one
/// line per image (queued / step n of m / done / failed, elapsed) redrawn in place. Elsewhere: one plain line per
/// image event (started, done with counts, failed). Colour only on a terminal and without NO_COLOR.
/// </summary>
public sealed class BakeView(TextWriter output, bool live, bool colour, int width = 120)
{
    private readonly Dictionary<string, ImageState> states = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly Stopwatch clock = new();
    private readonly object gate = new();
    private long lastDraw = -1000;
    private int drawnLines;

    public static BakeView ForConsole()
    {
        var ci = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));
        var live = !Console.IsErrorRedirected && !ci;
        var colour = live && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var width = live ? SafeWidth() : 120;
        return new BakeView(Console.Error, live, colour, width);
    }

    public void Start(IEnumerable<string> targets)
    {
        clock.Start();
        foreach (var target in targets)
        {
            order.Add(target);
            states[target] = new ImageState();
        }

        Draw(force: true);
    }

    /// <summary>A step of an image started, finished or failed (from <see cref="BuildKitProgress.StepChanged"/>).</summary>
    public void OnStep(string target, BuildKitStep step)
    {
        lock (gate)
        {
            if (!states.TryGetValue(target, out var state))
            {
                return;
            }

            state.Steps[step.Name] = step;
            state.Started ??= clock.Elapsed;
            if (!live && !state.Announced)
            {
                state.Announced = true;
                output.WriteLine($"{target}: started");
            }

            if (step.Error is not null && state.FailedAt is null)
            {
                state.FailedAt = step.Name;
                state.Ended = clock.Elapsed;
                if (!live)
                {
                    output.WriteLine($"{target}: FAILED at {step.Name}");
                }
            }

            Draw(force: false);
        }
    }

    /// <summary>The bake ended: every image not failed is done (succeeded) or stopped (the bake failed elsewhere).</summary>
    public void Finish(bool succeeded)
    {
        lock (gate)
        {
            foreach (var target in order)
            {
                var state = states[target];
                state.Ended ??= clock.Elapsed;
                state.Done = succeeded;
                if (!live && state.FailedAt is null)
                {
                    output.WriteLine($"{target}: {(succeeded ? "done" : "stopped")}, {Counts(state)} in {Elapsed(state)}");
                }
            }

            Draw(force: true);
        }
    }

    /// <summary>The lines of the live view as they are now (without escapes).</summary>
    public IReadOnlyList<string> Lines()
    {
        var name = order.Count == 0 ? 0 : order.Max(t => t.Length);
        return order.Select(t => $"{t.PadRight(name)}  {Status(states[t])}").Select(l => l.Length > width - 1 ? l[..(width - 1)] : l).ToList();
    }

    private void Draw(bool force)
    {
        if (!live)
        {
            return;
        }

        // At most ten redraws a second: BuildKit reports many updates.
        var now = clock.ElapsedMilliseconds;
        if (!force && now - lastDraw < 100)
        {
            return;
        }

        lastDraw = now;
        if (drawnLines > 0)
        {
            output.Write($"\u001b[{drawnLines}A");
        }

        var lines = Lines();
        for (var i = 0; i < lines.Count; i++)
        {
            var state = states[order[i]];
            var line = lines[i];
            if (colour && (state.FailedAt is not null || state.Done))
            {
                line = (state.FailedAt is not null ? "\u001b[31m" : "\u001b[32m") + line + "\u001b[0m";
            }

            output.Write("\r\u001b[2K" + line + "\n");
        }

        drawnLines = lines.Count;
        output.Flush();
    }

    private string Status(ImageState state)
    {
        if (state.FailedAt is not null)
        {
            return $"FAILED at {state.FailedAt}  {Elapsed(state)}";
        }

        if (state.Done)
        {
            return $"done, {Counts(state)}  {Elapsed(state)}";
        }

        if (state.Started is null)
        {
            return state.Ended is null ? "queued" : "stopped";
        }

        var finished = state.Steps.Values.Count(s => s.Duration is not null || s.Cached);
        var current = state.Steps.Values.Where(s => s.Duration is null && !s.Cached).OrderBy(s => s.Started).LastOrDefault();
        var cached = state.Steps.Values.Count(s => s.Cached);
        return $"step {Math.Min(finished + 1, state.Steps.Count)} of {state.Steps.Count} ({cached} cached)  {Elapsed(state)}  {current?.Name}".TrimEnd();
    }

    private static string Counts(ImageState state) =>
        $"{state.Steps.Count} steps, {state.Steps.Values.Count(s => s.Cached)} cached";

    private string Elapsed(ImageState state) =>
        $"{((state.Ended ?? clock.Elapsed) - (state.Started ?? TimeSpan.Zero)).TotalSeconds:0.0} s";

    private static int SafeWidth()
    {
        try
        {
            return Math.Max(40, Console.WindowWidth);
        }
        catch (IOException)
        {
            return 120;
        }
    }

    private sealed class ImageState
    {
        public Dictionary<string, BuildKitStep> Steps { get; } = new(StringComparer.Ordinal);

        public TimeSpan? Started { get; set; }

        public TimeSpan? Ended { get; set; }

        public bool Announced { get; set; }

        public bool Done { get; set; }

        public string? FailedAt { get; set; }
    }
}
