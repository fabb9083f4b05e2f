using System.Globalization;
using System.Text;
using Build.Options;

namespace Build.Facts;

/// <summary>
/// Reads a file the user names (a --context overlay, a --digests-from report): only a regular file under a stated
/// size, so that no read grows without end (/dev/zero), waits forever (a FIFO) or takes minutes (a huge file).
/// Anything else is one <see cref="UsageException"/> naming the option as typed.
/// </summary>
public static class InputFile
{
    /// <summary>The size a settings file of the suite's stays far below (container/context.yaml is about 4 KiB).</summary>
    public const long MaxBytes = 1024 * 1024;

    /// <param name="what">How the message names the file, e.g. "--context 'site.yaml'".</param>
    /// <param name="expected">What the file should be, e.g. "an overlay file (YAML)".</param>
    public static string ReadText(string path, string what, string expected, long maxBytes = MaxBytes)
    {
        var (kind, size) = FileKinds.Of(path);
        if (kind == FileKind.Missing)
        {
            throw new UsageException($"{what}: no such file.");
        }

        if (kind != FileKind.Regular)
        {
            throw new UsageException($"{what} is {FileKinds.Describe(kind)}: give {expected}.");
        }

        if (size > maxBytes)
        {
            throw new UsageException($"{what} is {Size(size)}: {expected} is at most {Size(maxBytes)}.");
        }

        try
        {
            // Read at most one byte more than allowed: a file that grew since it was looked at is refused, not read whole.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new byte[maxBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > maxBytes)
            {
                throw new UsageException($"{what} is larger than {Size(maxBytes)}: {expected} is at most that.");
            }

            return new UTF8Encoding(false).GetString(buffer, 0, total).TrimStart('\uFEFF');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{what}: cannot be read: {e.Message}");
        }
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB");
}
