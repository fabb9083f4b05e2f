using System.Runtime.InteropServices;
using Build.Options;

namespace Build.Facts;

/// <summary>
/// The files a run will write (--plan-json, --report-json, --bake-file): checked before anything runs, in a dry run as
/// in a real one, so that a path that cannot be written is one <c>ERROR:</c> line (exit 2) and not a failure after the
/// whole build (docs/decisions.md §5.1). Only a regular file, or a name not yet taken, is written: a device, a FIFO or a
/// directory is refused (writing replaces the file through a temporary file beside it, build/Execution/AtomicFile.cs,
/// which would replace a device node with a file). Nothing is created here: a dry run stays free of side effects.
/// </summary>
public static class OutputPathFacts
{
    /// <param name="option">The option as the user typed it.</param>
    /// <param name="given">The value as given.</param>
    /// <param name="full">The value made absolute.</param>
    public static void Check(string option, string given, string full)
    {
        if (full.EndsWith(Path.DirectorySeparatorChar))
        {
            throw new UsageException($"{option} '{given}' is a directory: give a file name in it.");
        }

        var target = Target(full);
        var through = target == full ? string.Empty : $" (a symbolic link to '{target}')";
        var (kind, _) = FileKinds.Of(target);
        if (kind == FileKind.Directory)
        {
            throw new UsageException($"{option} '{given}'{through} is a directory: give a file name in it.");
        }

        if (kind is not (FileKind.Regular or FileKind.Missing))
        {
            throw new UsageException($"{option} '{given}'{through} is {FileKinds.Describe(kind)}: only a regular file is written (a new one, or one replaced whole).");
        }

        var directory = Path.GetDirectoryName(target);
        if (directory is null || !Directory.Exists(directory))
        {
            throw new UsageException($"{option} '{given}'{through}: the directory '{directory}' does not exist; create it first or give a path in an existing directory.");
        }

        // The file is replaced by a rename from a temporary file beside it: the directory must take a new file.
        if (!Writable(directory))
        {
            throw new UsageException($"{option} '{given}'{through} cannot be written: the directory '{directory}' is not writable{(ReadOnlyFileSystem(directory) ? " (a read-only file system)" : " by this user")}.");
        }
    }

    /// <summary>The file a path ends at: its symbolic links followed (also a link whose target is not there yet), else the path.</summary>
    public static string Target(string full)
    {
        var path = full;
        for (var hops = 0; hops < 40; hops++)
        {
            string? link;
            try
            {
                link = new FileInfo(path).LinkTarget;
            }
            catch (IOException)
            {
                return path;
            }

            if (link is null)
            {
                return path;
            }

            path = Path.GetFullPath(link, Path.GetDirectoryName(path)!);
        }

        throw new UsageException($"'{full}' is a loop of symbolic links.");
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

    /// <summary>Why access(2) said no: EROFS (30) is the file system, anything else the user's rights.</summary>
    private static bool ReadOnlyFileSystem(string path)
    {
        const int writeOk = 2;
        return !OperatingSystem.IsWindows() && access(path, writeOk) != 0 && Marshal.GetLastPInvokeError() == 30;
    }

    [DllImport("libc", ExactSpelling = true, SetLastError = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
