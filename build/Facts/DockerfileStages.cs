using System.Text.RegularExpressions;

namespace Build.Facts;

/// <summary>The stage names of a Dockerfile (FROM ... AS name), read from the file.</summary>
public static partial class DockerfileStages
{
    /// <returns>The stages in file order; empty when the file cannot be read.</returns>
    public static IReadOnlyList<string> Read(string dockerfile)
    {
        if (!File.Exists(dockerfile))
        {
            return [];
        }

        return File.ReadLines(dockerfile)
            .Select(line => FromAs().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToList();
    }

    /// <summary>
    /// Whether the Dockerfile has a RUN instruction (a command that runs on the target platform's CPU); true when the
    /// file cannot be read. A Dockerfile without one (FROM, COPY, LABEL ...) builds for any platform without a node or
    /// emulation of it (docs/decisions.md §6.6).
    /// </summary>
    public static bool HasRun(string dockerfile)
    {
        try
        {
            return File.ReadLines(dockerfile).Any(line => RunInstruction().IsMatch(line));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    [GeneratedRegex(@"^\s*RUN\s", RegexOptions.IgnoreCase)]
    private static partial Regex RunInstruction();

    [GeneratedRegex(@"^\s*FROM\s+.+\s+AS\s+([A-Za-z0-9_.-]+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex FromAs();
}
