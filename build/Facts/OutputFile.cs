using Build.Options;

namespace Build.Facts;

/// <summary>A file the run will write (--bake-file): checked before anything runs, so a bad path stops no build halfway.</summary>
public static class OutputFile
{
    /// <summary>The directory exists and takes a new file, and the path is not a directory; else a <see cref="UsageException"/> naming the option.</summary>
    public static void CheckWritable(string option, string path)
    {
        var directory = Path.GetDirectoryName(path);
        string? why = null;
        if (Directory.Exists(path))
        {
            why = "it is a directory";
        }
        else if (directory is null || !Directory.Exists(directory))
        {
            why = $"the directory {directory} does not exist";
        }
        else
        {
            // A probe beside it: what an atomic write needs (a temporary file, then a rename).
            var probe = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.probe");
            try
            {
                using (File.Create(probe, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                why = $"the directory {directory} does not take new files ({e.Message.TrimEnd('.')})";
            }
        }

        if (why is not null)
        {
            throw new UsageException($"{option} '{path}' cannot be written: {why}.");
        }
    }
}
