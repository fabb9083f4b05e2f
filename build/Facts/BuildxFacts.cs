using System.Text.RegularExpressions;

namespace Build.Facts;

/// <summary>
/// The docker client's buildx plugin, from <c>docker buildx version</c> (a client-only call: no engine needed). It
/// decides whether the plan's image builds can run as one <c>docker buildx bake</c> (docs/decisions.md §3.1).
/// </summary>
/// <param name="Version">The plugin's version as printed (e.g. 0.29.1+ds1); null when the client has no buildx.</param>
/// <param name="Problem">Why the client has no usable buildx (its message), when it has none.</param>
public sealed partial record BuildxFacts(string? Version, string? Problem)
{
    /// <summary>The first buildx whose bake reads a definition on standard input, prints rawjson progress and takes --allow network.host as used here.</summary>
    public static readonly Version BakeNeeds = new(0, 29);

    public Version? Parsed => Version is not null && VersionPattern().Match(Version) is { Success: true } m
        ? new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value))
        : null;

    public bool CanBake => Parsed is { } v && v >= BakeNeeds;

    /// <summary>Why bake cannot run with this client (for the note of auto and the error of an explicit bake); null when it can.</summary>
    public string? WhyNoBake(string client) => CanBake
        ? null
        : Version is null
            ? $"the docker client '{client}' has no buildx plugin ({Problem ?? "docker buildx version failed"})"
            : $"the docker client '{client}' has buildx {Version}, and bake needs buildx {BakeNeeds.Major}.{BakeNeeds.Minor} or newer";

    /// <summary>From <c>docker buildx version</c>'s exit code and output ("github.com/docker/buildx 0.29.1+ds1 &lt;revision&gt;").</summary>
    public static BuildxFacts From(int exitCode, string output, string error)
    {
        var words = output.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (exitCode == 0 && words.Length >= 2)
        {
            return new BuildxFacts(words[1].TrimStart('v'), null);
        }

        var why = error.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit code {exitCode}";
        return new BuildxFacts(null, why);
    }

    [GeneratedRegex(@"^v?(\d+)\.(\d+)")]
    private static partial Regex VersionPattern();
}
