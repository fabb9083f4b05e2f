using System.Text.RegularExpressions;

namespace Build.Options;

/// <summary>Where sources come from: git URLs, branches, tags and commits (<see cref="CommitPattern"/>), and http(s) or file URLs.</summary>
public static partial class SourceGrammar
{
    /// <summary>A git URL (http(s), ssh, git, file; no password in it), scp-like git@host:path, or a local path (checked for existence by the facts).</summary>
    public static string GitUrl(string option, string value)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ssh" or "git" or "file")
        {
            if (uri.UserInfo.Contains(':'))
            {
                throw new UsageException($"{option} has a password in the URL: secrets never go on the command line; use a URL without it (a credential helper or SSH key supplies it).");
            }
        }

        SecretValues.CheckUrls(option, value);
        return value;
    }

    /// <summary>scp-like SSH: user@host:path.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+$")]
    public static partial Regex ScpLike();

    /// <summary>A git branch, tag or commit (git check-ref-format's rules, and never an option).</summary>
    public static string GitRef(string option, string value) =>
        GitRefPattern().IsMatch(value) && !value.Contains("..", StringComparison.Ordinal) && !value.Contains("@{", StringComparison.Ordinal)
            && !value.EndsWith(".lock", StringComparison.Ordinal) && !value.Contains("//", StringComparison.Ordinal)
            ? value
            : throw new UsageException($"{option} '{value}' is not a branch, tag or commit (letters, digits, '.', '_', '-', '/', '+'; not starting with '-' or '.', no '..').");

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._/+-]*(?<![./])\z")]
    private static partial Regex GitRefPattern();

    /// <summary>The one commit pattern: a commit id, full or abbreviated (up to 40 hex digits, either case).</summary>
    [GeneratedRegex(@"^[0-9a-fA-F]{1,40}\z")]
    public static partial Regex CommitPattern();

    /// <summary>A full commit id: 40 hex digits.</summary>
    public static bool IsFullCommit(string value) => value.Length == 40 && CommitPattern().IsMatch(value);

    /// <summary>An http(s) or file URL without a password in it.</summary>
    public static string Url(string option, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https" or "file") || value.Any(char.IsWhiteSpace))
        {
            throw new UsageException($"{option} '{value}' is not an http(s) or file URL, e.g. https://pypi.org/simple.");
        }

        return uri.UserInfo.Contains(':')
            ? throw new UsageException($"{option} has a password in the URL: secrets never go on the command line; use a URL without it.")
            : value;
    }
}
