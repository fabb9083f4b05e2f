using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Build.Execution;

/// <summary>
/// One lock per tag and engine (docs/decisions.md §4.5): a file in a folder of the machine's temporary folder, held open
/// with an exclusive lock for the run's life. Two runs that move a tag of the same engine run one after the other, so
/// neither leaves tags of the other's images beside its own; the kernel releases the lock of a killed run.
/// </summary>
public sealed class TagLocks : IDisposable
{
    /// <summary>The folder of the lock files under the temporary folder, shared by the machine's users (like /tmp itself).</summary>
    public const string FolderName = "dynamo-tag-locks";

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Remind = TimeSpan.FromMinutes(1);

    private readonly List<FileStream> held = [];

    private TagLocks()
    {
    }

    /// <summary>
    /// Takes the lock of every tag, in the order given (sorted: two runs never wait for each other in a circle). A tag
    /// another run holds is waited for, with one line when the wait starts and one a minute; a signal ends the wait.
    /// </summary>
    public static TagLocks Take(string folder, string engine, IReadOnlyList<string> tags, Action<string> say)
    {
        PrepareFolder(folder);
        var locks = new TagLocks();
        try
        {
            foreach (var tag in tags)
            {
                locks.held.Add(Wait(Path.Combine(folder, FileName(engine, tag)), tag, say));
            }

            return locks;
        }
        catch
        {
            locks.Dispose();
            throw;
        }
    }

    /// <summary>The lock's key: a hash of the engine's id and the tag (a tag holds characters no file name may).</summary>
    public static string Key(string engine, string tag) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(engine + "\n" + tag)))[..32];

    /// <summary>The lock file's name.</summary>
    public static string FileName(string engine, string tag) => Key(engine, tag) + ".lock";

    public void Dispose()
    {
        foreach (var stream in held)
        {
            stream.Dispose();
        }

        held.Clear();
    }

    private static FileStream Wait(string path, string tag, Action<string> say)
    {
        var clock = Stopwatch.StartNew();
        var remindAt = TimeSpan.Zero;
        while (true)
        {
            if (TryTake(path) is { } stream)
            {
                if (remindAt > TimeSpan.Zero)
                {
                    say($"{tag} is free after {BuildReport.Seconds(clock.Elapsed)} s; going on");
                }

                return stream;
            }

            if (clock.Elapsed >= remindAt)
            {
                say(remindAt == TimeSpan.Zero
                    ? $"another run on this engine is moving {tag}; waiting for it to end (Ctrl-C stops waiting)"
                    : $"still waiting for the other run that moves {tag} ({BuildReport.Seconds(clock.Elapsed)} s)");
                remindAt = clock.Elapsed + Remind;
            }

            Interruption.ThrowIfRequested($"waiting for the lock of {tag}");
            Thread.Sleep(Poll);
        }
    }

    private static FileStream? TryTake(string path)
    {
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix: a second open of the file fails while it is held.
            // Read access is enough for the lock, so another user's runs can take a file this user made.
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Read, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = (UnixFileMode)Convert.ToInt32("666", 8);
            }

            return new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Facts.EnvironmentException($"cannot make the tag lock {path}: {e.Message}");
        }
    }

    private static void PrepareFolder(string folder)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            // Every user's runs meet in one folder, as in /tmp: anyone creates a lock file, only its owner removes it.
            File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("1777", 8));
        }
    }
}
