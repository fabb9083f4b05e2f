using System.Text.RegularExpressions;

namespace Build.Docker;

/// <summary>
/// A docker image reference, parsed by the distribution grammar rather than pattern-matched
/// (docs/decisions.md §2.7): <c>[host[:port]/]path[:tag][@digest]</c>.
/// </summary>
public sealed partial record ImageReference(string Repository, string? Tag, string? Digest)
{
    public override string ToString() => Repository + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public string TagOrLatest => Tag ?? "latest";

    public static bool TryParse(string text, out ImageReference reference, out string why)
    {
        reference = new ImageReference(text, null, null);
        why = string.Empty;
        string rest = text;
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                why = $"'{digest}' is not a digest (algorithm:hex)";
                return false;
            }
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                why = $"'{tag}' is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-')";
                return false;
            }
        }

        var parts = rest.Split('/');
        var first = 0;
        // Docker also reads a first component with upper case as a host (a path component cannot have upper case).
        if (parts.Length > 1 && (RegistryReference.NamesRegistry(parts[0]) || parts[0].Any(char.IsUpper)))
        {
            if (!HostPattern().IsMatch(parts[0]))
            {
                why = $"'{parts[0]}' is not a valid registry host[:port]";
                return false;
            }

            first = 1;
        }

        if (rest.Length == 0 || parts.Skip(first).Any(p => !PathComponentPattern().IsMatch(p)) || first == parts.Length)
        {
            why = $"'{rest}' is not a valid repository name (lowercase letters, digits and separators '.', '_', '__', '-', '/')";
            return false;
        }

        reference = new ImageReference(rest, tag, digest);
        return true;
    }

    /// <summary>Whether the text is a tag docker accepts (ASCII letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-').</summary>
    public static bool IsTag(string text) => TagPattern().IsMatch(text);

    // '\z', not '$': '$' also matches before a final newline.
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*\z")]
    private static partial Regex PathComponentPattern();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?\z|^\[[0-9a-fA-F:]+\](?::[0-9]+)?\z")]
    private static partial Regex HostPattern();

    /// <summary>An image tag: ASCII letters, digits, '_', '.', '-', not starting with '.' or '-'; at most 128.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    public static partial Regex TagPattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}\z")]
    private static partial Regex DigestPattern();
}
