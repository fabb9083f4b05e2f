namespace Build.Execution;

/// <summary>Writes a file whole or not at all: a temporary file beside it, then a rename over it.</summary>
public static class AtomicFile
{
    public static void Write(string path, string text)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
