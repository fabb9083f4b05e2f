using Build.Facts;

namespace Build.Execution;

/// <summary>
/// Writes a file whole or not at all: a temporary file beside it (beside the file a symbolic link points to), flushed
/// to the disk, then renamed over it. A full disk or a signal, even the third that ends the host at once, leaves the
/// old file (or none) and no temporary file.
/// </summary>
public static class AtomicFile
{
    /// <param name="what">How a failure names the file, e.g. "--plan-json 'plan.json'".</param>
    public static void Write(string path, string text, string? what = null)
    {
        var target = OutputPathFacts.Target(path);
        var temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        using var unfinished = Interruption.Unfinished(temporary);
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(text);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvironmentException($"{what ?? $"'{path}'"} could not be written ({e.Message.TrimEnd('.')}); the file is as it was.");
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
