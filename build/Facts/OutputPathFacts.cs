using System.Runtime.InteropServices;
using Build.Options;

namespace Build.Facts;

/// <summary>
/// The files a run will write (--plan-json, --report-json, --bake-file): checked before anything runs, so that a path that cannot
/// be written is one <c>ERROR:</c> line (exit 2) and not a failure after the whole build (docs/decisions.md §5.1).
/// Nothing is created here: a dry run stays free of side effects.
/// </summary>
public static class OutputPathFacts
{
    /// <param name="option">The option as the user typed it.</param>
    /// <param name="given">The value as given.</param>
    /// <param name="full">The value made absolute.</param>
    public static void Check(string option, string given, string full)
    {
        if (Directory.Exists(full) || full.EndsWith(Path.DirectorySeparatorChar))
        {
            throw new UsageException($"{option} '{given}' is a directory: give a file name in it.");
        }

        var directory = Path.GetDirectoryName(full);
        if (directory is null || !Directory.Exists(directory))
        {
            throw new UsageException($"{option} '{given}': the directory '{directory}' does not exist; create it first or give a path in an existing directory.");
        }

        if (!Writable(File.Exists(full) ? full : directory))
        {
            throw new UsageException($"{option} '{given}' cannot be written: {(File.Exists(full) ? "the file" : $"the directory '{directory}'")} is not writable by this user.");
        }
    }

    /// <summary>access(2) with W_OK: the kernel's answer for this user, also for root on a read-only file system.</summary>
    private static bool Writable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return !File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly);
        }

        const int writeOk = 2;
        return access(path, writeOk) == 0;
    }

    [DllImport("libc", ExactSpelling = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
