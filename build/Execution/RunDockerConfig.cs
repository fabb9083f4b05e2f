using Build.CommandLine;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Build.Execution;

/// <summary>
/// A docker configuration folder that lives only for the run (docs/decisions.md §4.4): a registry login goes here,
/// never to the user's own config.json. It holds the user's config.json without its credentials (auths,
/// credsStore, credHelpers: with no helper, docker keeps the login in this folder's file, not in a keychain that
/// outlives the run), and links to the user's cli-plugins, contexts and buildx folders, so plugins (buildx), the
/// current context and builders are found as before. Removed when the run ends, also on failure and interruption.
/// </summary>
public sealed class RunDockerConfig : IDisposable
{
    /// <summary>The user's folders docker reads (not written by a login), linked rather than copied.</summary>
    public static readonly IReadOnlyList<string> LinkedFolders = ["cli-plugins", "contexts", "buildx"];

    private static readonly string[] CredentialKeys = ["auths", "credsStore", "credHelpers"];

    /// <summary>Held open (locked) by the run for the folder's lifetime: a lock a killed run's kernel released.</summary>
    public const string LockFile = ".run.lock";

    /// <summary>The folder's name before the pid of the run that made it: dynamo-docker-config-PID-RANDOM.</summary>
    public const string Prefix = "dynamo-docker-config-";

    private FileStream? held;

    private RunDockerConfig(string directory) => Directory = directory;

    /// <summary>The folder, for DOCKER_CONFIG.</summary>
    public string Directory { get; }

    /// <summary>The user's docker configuration folder: $DOCKER_CONFIG, else ~/.docker (docker's own rule).</summary>
    public static string UserDirectory(Func<string, string?> environment) =>
        environment("DOCKER_CONFIG") is { Length: > 0 } configured
            ? configured
            : Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");

    public static RunDockerConfig Create(string userDirectory)
    {
        // mkdtemp: made with mode 0700, so a run killed before its teardown leaves nothing others can read.
        RemoveLeftovers(Path.GetTempPath());
        var directory = System.IO.Directory.CreateTempSubdirectory($"{Prefix}{Environment.ProcessId}-").FullName;
        var config = new RunDockerConfig(directory);
        try
        {
            config.held = new FileStream(Path.Combine(directory, LockFile), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            File.WriteAllText(Path.Combine(directory, "config.json"), WithoutCredentials(Path.Combine(userDirectory, "config.json")));
            foreach (var folder in LinkedFolders)
            {
                var target = Path.Combine(userDirectory, folder);
                if (System.IO.Directory.Exists(target))
                {
                    System.IO.Directory.CreateSymbolicLink(Path.Combine(directory, folder), Path.GetFullPath(target));
                }
            }

            return config;
        }
        catch
        {
            config.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The dry run's lines that fill the folder in $<paramref name="variable"/> as <see cref="Create"/> does: the
    /// user's settings without credentials (a password in a URL of them shown as ***), the links to the user's folders.
    /// </summary>
    public static IReadOnlyList<string> ShellLines(string userDirectory, string variable)
    {
        var settings = JObject.Parse(WithoutCredentials(Path.Combine(userDirectory, "config.json"))).ToString(Formatting.None);
        var lines = new List<string>();
        if (settings != "{}")
        {
            lines.Add($"printf '%s\\n' {ShellQuoting.Quote(Options.SecretValues.Masked(settings, settings))} >\"${variable}/config.json\"");
        }

        foreach (var folder in LinkedFolders)
        {
            var target = Path.Combine(userDirectory, folder);
            if (System.IO.Directory.Exists(target))
            {
                lines.Add($"ln -s {ShellQuoting.Quote(Path.GetFullPath(target))} \"${variable}/{folder}\"");
            }
        }

        return lines;
    }

    /// <summary>The user's config.json as JSON without its credential keys; {} when there is none or it is not JSON.</summary>
    public static string WithoutCredentials(string userConfigFile)
    {
        JObject json;
        try
        {
            json = File.Exists(userConfigFile) ? JObject.Parse(File.ReadAllText(userConfigFile)) : [];
        }
        catch (JsonException)
        {
            json = [];
        }

        foreach (var key in CredentialKeys)
        {
            json.Remove(key);
        }

        return json.ToString(Formatting.Indented) + "\n";
    }

    /// <summary>Removes the folder: the links themselves (never what they point to), then the rest with the login in it.</summary>
    public void Dispose()
    {
        Remove(Directory);
        held?.Dispose();
        held = null;
    }

    /// <summary>
    /// The folders of runs that were killed before their teardown (kill -9), with the login they hold: those of this
    /// user in <paramref name="temp"/> whose run's process is gone. Returns the folders removed.
    /// </summary>
    public static IReadOnlyList<string> RemoveLeftovers(string temp)
    {
        var removed = new List<string>();
        if (OperatingSystem.IsWindows() || !System.IO.Directory.Exists(temp))
        {
            return removed;
        }

        foreach (var folder in System.IO.Directory.GetDirectories(temp, Prefix + "*"))
        {
            var rest = Path.GetFileName(folder)[Prefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(rest[..dash], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                || !Abandoned(folder, pid))
            {
                continue;
            }

            try
            {
                Remove(folder);
                removed.Add(folder);
            }
            catch (IOException)
            {
                // Another run removes it at the same moment.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return removed;
    }

    /// <summary>
    /// Whether the run that made the folder is gone: its lock file (held from the folder's making to its removal) can
    /// be taken; a folder without one yet (being made) counts as gone only when the pid in its name has no process.
    /// </summary>
    private static bool Abandoned(string folder, int pid)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(folder, LockFile), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (FileNotFoundException)
        {
            return !System.IO.Directory.Exists($"/proc/{pid}");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's run: not ours to judge.
            return false;
        }
    }

    private static void Remove(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return;
        }

        foreach (var folder in LinkedFolders)
        {
            var link = new DirectoryInfo(Path.Combine(directory, folder));
            if (link.LinkTarget is not null)
            {
                link.Delete();
            }
        }

        System.IO.Directory.Delete(directory, recursive: true);
    }
}
