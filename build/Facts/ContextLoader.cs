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
            if (!File.Exists(full))
            {
                throw new UsageException($"--context '{given}': no such file.");
            }

            return (Display(full, repoRoot), Read(full, "--context '" + given + "'"));
        }).ToList();
        return ContextParser.Parse((DefaultsFile, Read(defaultsPath, DefaultsFile)), overlayTexts);
    }

    private static string Read(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{what}: cannot be read: {e.Message}");
        }
    }

    /// <summary>Inside the repository: relative (container/context.offline.yaml), so origins read the same on every clone.</summary>
    private static string Display(string full, string repoRoot)
    {
        var relative = Path.GetRelativePath(repoRoot, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
    }
}
