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

    [GeneratedRegex(@"^\s*FROM\s+.+\s+AS\s+([A-Za-z0-9_.-]+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex FromAs();
}
