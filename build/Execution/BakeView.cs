namespace Build.Execution;

/// <summary>
/// What a person sees while a bake runs, instead of BuildKit's interleaved log. On a terminal (stderr, not CI): one
/// line per image (queued / step n of m / exporting / unpacking / pushing / done / failed, elapsed) redrawn in place,
/// at every event and every second. Elsewhere: one plain line per change of an image's state. Colour only on a
/// terminal and without NO_COLOR. The counts are <see cref="ImageProgress.Counts"/>, the same as the report's.
/// </summary>
public sealed class BakeView(TextWriter output, bool live, bool colour, int width = 120, TimeProvider? clock = null)
{
    /// <summary>How often the live view redraws when no event arrives (the elapsed times keep moving).</summary>
    public static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);

    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly Dictionary<string, ImageProgress> images = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> printed = new(StringComparer.Ordinal);
    private readonly List<string> order = [];
    private readonly object gate = new();
    private DateTimeOffset lastDraw = DateTimeOffset.MinValue;
    private bool finished;
    private int drawnLines;
    private ITimer? ticker;
    private Func<IReadOnlyList<ImageProgress>>? latest;

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
        lock (gate)
        {
            foreach (var target in targets)
            {
                order.Add(target);
                images[target] = new ImageProgress(target, []);
            }

            Draw();
            if (live)
            {
                ticker = clock.CreateTimer(_ => Tick(), null, TickPeriod, TickPeriod);
            }
        }
    }

    /// <summary>
    /// BuildKit's progress changed (<see cref="BuildKitProgress.Changed"/>): <paramref name="now"/> gives the images as
    /// they are now, asked for only when they are shown (piped: when a state changed; live: at most ten times a second).
    /// </summary>
    public void Update(Func<IReadOnlyList<ImageProgress>> now, bool stateChanged)
    {
        lock (gate)
        {
            // At most ten redraws a second on events: BuildKit reports many updates.
            latest = now;
            if (live ? clock.GetUtcNow() - lastDraw >= TimeSpan.FromMilliseconds(100) : stateChanged)
            {
                Refresh();
                Draw();
            }
        }
    }

    private void Refresh()
    {
        if (latest is null)
        {
            return;
        }

        foreach (var image in latest().Where(i => images.ContainsKey(i.Target)))
        {
            images[image.Target] = image;
            Announce(image);
        }
    }

    /// <summary>Redraws the live view with the elapsed times of now (the timer's call).</summary>
    public void Tick()
    {
        lock (gate)
        {
            if (!finished)
            {
                Refresh();
                Draw();
            }
        }
    }

    /// <summary>The bake ended: the images as <see cref="BuildKitProgress.Finish"/> left them (done, failed or stopped).</summary>
    public void Finish(IReadOnlyList<ImageProgress> now)
    {
        ticker?.Dispose();
        lock (gate)
        {
            foreach (var image in now.Where(i => images.ContainsKey(i.Target)))
            {
                images[image.Target] = image;
            }

            finished = true;
            foreach (var target in order)
            {
                Announce(images[target]);
            }

            Draw();
        }
    }

    /// <summary>The lines of the live view as they are now (without escapes).</summary>
    public IReadOnlyList<string> Lines()
    {
        lock (gate)
        {
            Refresh();
            return Render();
        }
    }

    private List<string> Render()
    {
        var name = order.Count == 0 ? 0 : order.Max(t => t.Length);
        return order.Select(t => $"{t.PadRight(name)}  {Status(images[t])}").Select(l => l.Length > width - 1 ? l[..(width - 1)] : l).ToList();
    }

    /// <summary>Piped: one line when an image's state changes (started, exporting, unpacking, pushing, done, failed).</summary>
    private void Announce(ImageProgress image)
    {
        if (live)
        {
            return;
        }

        var line = Event(image);
        if (line is not null && printed.GetValueOrDefault(image.Target) != line)
        {
            printed[image.Target] = line;
            output.WriteLine($"{image.Target}: {line}");
            output.Flush();
        }
    }

    /// <summary>The state change line of an image (without its elapsed time while it runs, so that it prints once).</summary>
    private static string? Event(ImageProgress image) => image.Phase switch
    {
        ImagePhase.Queued => null,
        ImagePhase.Building => "started",
        ImagePhase.Exporting => "exporting",
        ImagePhase.Unpacking => "unpacking",
        ImagePhase.Pushing => "pushing",
        ImagePhase.Failed => $"FAILED at {image.Failed?.Name}",
        ImagePhase.Done => $"done, {image.Counts} in {BuildReport.Seconds(image.Duration)} s",
        _ => $"stopped, {image.Counts} in {BuildReport.Seconds(image.Duration)} s",
    };

    private void Draw()
    {
        if (!live)
        {
            return;
        }

        lastDraw = clock.GetUtcNow();
        if (drawnLines > 0)
        {
            output.Write($"\u001b[{drawnLines}A");
        }

        var lines = Render();
        for (var i = 0; i < lines.Count; i++)
        {
            var outcome = images[order[i]].Phase;
            var line = lines[i];
            if (colour && outcome is ImagePhase.Failed or ImagePhase.Done)
            {
                line = (outcome == ImagePhase.Failed ? "\u001b[31m" : "\u001b[32m") + line + "\u001b[0m";
            }

            output.Write("\r\u001b[2K" + line + "\n");
        }

        drawnLines = lines.Count;
        output.Flush();
    }

    private string Status(ImageProgress image)
    {
        var outcome = image.Phase;
        if (outcome is ImagePhase.Queued)
        {
            return "queued";
        }

        if (outcome is ImagePhase.Building)
        {
            var current = image.Steps.Where(s => s.Duration is null && !s.Cached && s.Started is not null).OrderBy(s => s.Started).LastOrDefault();
            var finishedSteps = image.Steps.Count(s => s.Duration is not null || s.Cached);
            return $"step {Math.Min(finishedSteps + 1, image.Total)} of {image.Total} ({image.CachedCount} cached)  {Elapsed(image)}  {current?.Name}".TrimEnd();
        }

        return outcome switch
        {
            ImagePhase.Failed => $"FAILED at {image.Failed?.Name}  {Elapsed(image)}",
            ImagePhase.Done => $"done, {image.Counts}  {Elapsed(image)}",
            ImagePhase.Exporting or ImagePhase.Unpacking or ImagePhase.Pushing => $"{outcome.ToString().ToLowerInvariant()}, {image.Counts}  {Elapsed(image)}",
            _ => $"stopped, {image.Counts}  {Elapsed(image)}",
        };
    }

    /// <summary>From the image's first event to the end of its export (or now).</summary>
    private string Elapsed(ImageProgress image)
    {
        var end = image.Ended ?? clock.GetUtcNow();
        var span = image.Started is { } start && end > start ? end - start : TimeSpan.Zero;
        return BuildReport.Seconds(span) + " s";
    }

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
}
