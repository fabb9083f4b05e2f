using Build.Context;
using Build.Options;

namespace Build.Facts;

/// <summary>
/// Reads container/context.yaml and the --context overlays from disk on every call (a fact-gathering step: the
/// host embeds no copy, so an edited file takes effect at once) and hands the texts to <see cref="ContextParser"/>.
/// </summary>
public static class ContextLoader
{
    public const string DefaultsFile = "container/context.yaml";

    /// <param name="overlays">--context values as typed, relative to the working directory.</param>
    public static ContainerContext Load(string repoRoot, IReadOnlyList<string> overlays, string workingDirectory)
    {
        var defaultsPath = Path.Combine(repoRoot, DefaultsFile);
        if (!File.Exists(defaultsPath))
        {
            throw new UsageException($"{DefaultsFile}: missing in the repository root '{repoRoot}' (it holds every default image and version).");
        }

        var overlayTexts = overlays.Select(given =>
        {
            var full = Path.GetFullPath(given, workingDirectory);
            return (Display(full, repoRoot), InputFile.ReadText(full, $"--context '{given}'", "an overlay file (YAML, like container/context.offline.yaml)"));
        }).ToList();
        return ContextParser.Parse((DefaultsFile, InputFile.ReadText(defaultsPath, DefaultsFile, "the defaults file (YAML)")), overlayTexts);
    }

    /// <summary>Inside the repository: relative (container/context.offline.yaml), so origins read the same on every clone.</summary>
    private static string Display(string full, string repoRoot)
    {
        var relative = Path.GetRelativePath(repoRoot, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
    }
}
