namespace Build.Facts;

/// <summary>
/// The check of a prebuilt TensorRT-LLM wheel directory (docs/decisions.md §1.5), read-only:
/// it never deletes wheels and never starts a source build. It looks at the top level
/// only, as the Dockerfile copies only top-level wheels.
/// </summary>
public static class TrtllmWheelCheck
{
    /// <returns>null when the directory holds exactly one wheel whose commit.txt matches, else why not.</returns>
    public static string? Problem(string directory, string arch, string commit)
    {
        if (!Directory.Exists(directory))
        {
            return $"directory '{directory}' does not exist";
        }

        var wheels = Directory.GetFiles(directory, "*.whl", SearchOption.TopDirectoryOnly);
        if (wheels.Length == 0)
        {
            return $"no .whl file in '{directory}'";
        }

        if (wheels.Length > 1)
        {
            return $"{wheels.Length} .whl files in '{directory}' ({string.Join(", ", wheels.Select(Path.GetFileName))}); keep exactly one";
        }

        var commitFile = Path.Combine(directory, "commit.txt");
        if (!File.Exists(commitFile))
        {
            return $"'{commitFile}' does not exist";
        }

        var expected = $"{arch}_{commit}";
        var actual = File.ReadAllText(commitFile).TrimEnd('\r', '\n');
        return actual == expected ? null : $"'{commitFile}' says '{actual}', expected '{expected}'";
    }
}
