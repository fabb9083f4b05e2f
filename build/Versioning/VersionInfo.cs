namespace Build.Versioning;

/// <summary>
/// The version facts of the checkout, derived as build.sh does (docs/decisions.md §1.2):
/// exact tag on HEAD first, else the latest tag plus ".dev.&lt;short sha&gt;", else 0.0.1.
/// </summary>
public sealed record VersionInfo(
    string Version,
    string PythonPackageVersion,
    string? Commit,
    string? ShortCommit,
    bool IsExactTag,
    DateTimeOffset? CommitTime,
    string? SourceUrl,
    string? Warning)
{
    /// <summary>The git tag the version was made from (exact on HEAD, or the latest one); null when there is none.</summary>
    public string? GitTag { get; init; }

    /// <summary>Where the version came from, for errors: "from git tag 'v1.0'".</summary>
    public string Origin => GitTag is null ? "(no git tag)" : IsExactTag ? $"from git tag '{GitTag}'" : $"from the latest git tag '{GitTag}'";

    /// <summary>Outside a git checkout (docs/decisions.md §2.18): a fixed fallback and one warning.</summary>
    public static VersionInfo Unknown(string why) => new(
        "v0.0.1.dev.unknown", "0.0.1.dev+unknown", null, null, false, null, null,
        $"warning: {why}; using version v0.0.1.dev.unknown");

    public static VersionInfo From(string? exactTag, string? latestTag, string commit, string shortCommit, DateTimeOffset commitTime, string? sourceUrl)
    {
        if (exactTag is not null)
        {
            var tag = StripV(exactTag);
            return new("v" + tag, tag, commit, shortCommit, true, commitTime, sourceUrl, null) { GitTag = exactTag };
        }

        var latest = latestTag is null ? "0.0.1" : StripV(latestTag);
        var version = $"v{latest}.dev.{shortCommit}";

        // build.sh's line, then the version the images carry (docs/decisions.md §2.21: "0.0.1" alone reads as if they were tagged 0.0.1).
        var warning = latestTag is null ? $"No git release tag found, setting to unknown version: 0.0.1; this build's version is {version}" : null;
        return new(version, $"{latest}.dev+{shortCommit}", commit, shortCommit, false, commitTime, sourceUrl, warning) { GitTag = latestTag };
    }

    /// <summary>Removes one leading 'v' (docs/decisions.md §1.2).</summary>
    private static string StripV(string tag) => tag.StartsWith('v') ? tag[1..] : tag;
}
