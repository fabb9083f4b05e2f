using System.Runtime.InteropServices;

namespace Build.Facts;

/// <summary>What a path names on this machine, found without opening it (opening a FIFO waits for a writer).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,

    /// <summary>A symbolic link whose target does not exist.</summary>
    DanglingLink,
}

/// <summary>stat(2) of a path through the .NET runtime's own native layer (the same layout on every architecture).</summary>
public static class FileKinds
{
    /// <summary>What <paramref name="path"/> is, following symbolic links, and its size in bytes (0 unless regular).</summary>
    public static (FileKind Kind, long Size) Of(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.Exists(path) ? (FileKind.Directory, 0)
                : File.Exists(path) ? (FileKind.Regular, new FileInfo(path).Length)
                : (FileKind.Missing, 0);
        }

        var status = new byte[512];
        if (Stat(path, status) != 0)
        {
            // lstat succeeds where stat did not: the link is there, its target is not.
            return (LStat(path, status) == 0 ? FileKind.DanglingLink : FileKind.Missing, 0);
        }

        // FileStatus: int32 Flags, int32 Mode, uint32 Uid, uint32 Gid, int64 Size, ... (System.Native's pal_io.h).
        var mode = BitConverter.ToInt32(status, 4) & 0xF000;
        var kind = mode switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            _ => FileKind.Socket,
        };
        return (kind, kind == FileKind.Regular ? BitConverter.ToInt64(status, 16) : 0);
    }

    /// <summary>How a message names a kind of file.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        FileKind.Directory => "a directory",
        FileKind.DanglingLink => "a symbolic link to a file that does not exist",
        FileKind.Missing => "missing",
        _ => "a regular file",
    };

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
    private static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
