using System.Text.RegularExpressions;

namespace Build.Execution;

/// <summary>
/// <c>docker push</c>'s output folded into one line when nobody watches it redraw (piped, or in CI): docker then writes
/// a line per layer and state ("Waiting", "Pushed", ...), dozens per image. What stays: how many layers were pushed
/// or already in the registry, and the digest; any other line (a warning, the registry's error) as docker wrote it.
/// </summary>
public sealed partial class PushProgress
{
    private readonly Dictionary<string, string> layers = new(StringComparer.Ordinal);
    private readonly List<string> others = [];
    private readonly Lock gate = new();
    private string? digest;

    /// <summary>Fold when standard output is not a terminal, or under CI.</summary>
    public static bool Folds =>
        Console.IsOutputRedirected || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    public void Read(string line)
    {
        lock (gate)
        {
            ReadLine(line);
        }
    }

    private void ReadLine(string line)
    {
        if (Layer().Match(line) is { Success: true } layer)
        {
            layers[layer.Groups["id"].Value] = layer.Groups["state"].Value;
        }
        else if (Digest().Match(line) is { Success: true } pushed)
        {
            digest = pushed.Groups["digest"].Value;
        }
        else if (line.Trim().Length > 0 && !line.StartsWith("The push refers to repository ", StringComparison.Ordinal))
        {
            others.Add(line);
        }
    }

    /// <summary>The lines to print for the push of <paramref name="reference"/>: docker's other lines, then the one line.</summary>
    public IReadOnlyList<string> Lines(string reference)
    {
        lock (gate)
        {
            return [.. others, Line(reference)];
        }
    }

    private string Line(string reference)
    {
        var existed = layers.Values.Count(s => s.Contains("exists", StringComparison.Ordinal) || s.StartsWith("Mounted", StringComparison.Ordinal));
        var pushed = layers.Values.Count(s => s == "Pushed");
        return $"pushed {reference}: {layers.Count} layers, {pushed} sent, {existed} already in the registry"
            + (digest is null ? string.Empty : $"; digest {digest}");
    }

    [GeneratedRegex(@"^(?<id>[0-9a-f]{12}): (?<state>[A-Z][A-Za-z ]*?)(?: from .*)?\s*$")]
    private static partial Regex Layer();

    [GeneratedRegex(@"^\S+: digest: (?<digest>sha256:[0-9a-f]{64}) size: \d+")]
    private static partial Regex Digest();
}
