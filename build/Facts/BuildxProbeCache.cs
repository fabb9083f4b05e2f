using System.Globalization;
using Newtonsoft.Json.Linq;

namespace Build.Facts;

/// <summary>
/// The client's last <c>docker buildx version</c> answer, kept in .build/buildx-version.json beside the host with the
/// identity (path, size, modification time) of every file that decides it: the docker client, the docker
/// configuration file, and each place the client looks for the buildx plugin. Any of them changed, added or removed is
/// a miss, and the probe runs again. The probe (two processes, ~0.1 s) was the largest part of a warm start
/// (docs/decisions.md §3.1).
/// </summary>
public static class BuildxProbeCache
{
    /// <summary>Where docker's CLI looks for plugins after the user's configuration folder (docker CLI 28, Linux).</summary>
    private static readonly string[] SystemPluginDirectories =
        ["/usr/local/lib/docker/cli-plugins", "/usr/local/libexec/docker/cli-plugins", "/usr/lib/docker/cli-plugins", "/usr/libexec/docker/cli-plugins"];

    /// <summary>Beside the host's own folder (the clone's .build/ for .build/host): never in a checkout the run builds.</summary>
    public static string File(string hostDirectory) =>
        Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(hostDirectory))!, "buildx-version.json");

    /// <summary>
    /// What the answer depends on, as one string; null when it cannot be told from files alone (no client found on the
    /// PATH, or a configuration that adds plugin folders): then nothing is cached.
    /// </summary>
    /// <param name="dockerPath">--docker-path, or null for the docker on the PATH.</param>
    /// <param name="environment">The process environment (PATH, HOME, DOCKER_CONFIG).</param>
    public static string? Key(string? dockerPath, Func<string, string?> environment)
    {
        var client = dockerPath is not null ? Path.GetFullPath(dockerPath) : OnPath("docker", environment("PATH"));
        if (client is null || !System.IO.File.Exists(client))
        {
            return null;
        }

        var configDirectory = environment("DOCKER_CONFIG") is { Length: > 0 } config
            ? config
            : Path.Combine(environment("HOME") ?? string.Empty, ".docker");
        var configFile = Path.Combine(configDirectory, "config.json");
        if (System.IO.File.Exists(configFile) && System.IO.File.ReadAllText(configFile).Contains("cliPluginsExtraDirs", StringComparison.Ordinal))
        {
            return null;
        }

        var files = new[] { client, configFile }
            .Concat(SystemPluginDirectories.Prepend(Path.Combine(configDirectory, "cli-plugins")).Select(d => Path.Combine(d, "docker-buildx")));
        return string.Join('\n', files.Select(Identity));
    }

    /// <summary>The kept answer for this key, else the probe's (kept for the next run when <paramref name="keep"/>).</summary>
    /// <param name="key">From <see cref="Key"/>; null: probe, keep nothing.</param>
    /// <param name="keep">False in a dry run: it reads what a real run kept, and writes nothing.</param>
    public static BuildxFacts Through(string file, string? key, bool keep, Func<BuildxFacts> probe)
    {
        if (key is not null && Read(file, key) is { } kept)
        {
            return kept;
        }

        var probed = probe();
        if (key is not null && keep)
        {
            Write(file, key, probed);
        }

        return probed;
    }

    /// <summary>The cached facts when the file holds an answer for exactly this key.</summary>
    public static BuildxFacts? Read(string file, string key)
    {
        try
        {
            var json = JObject.Parse(System.IO.File.ReadAllText(file));
            return (string?)json["key"] == key && (string?)json["version"] is { Length: > 0 } version ? new BuildxFacts(version, null) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException or ArgumentException)
        {
            // Missing, unreadable or not what Write writes (a value of another JSON type): a miss.
            return null;
        }
    }

    /// <summary>Keeps a found version (never a failure: a missing plugin may be installed any moment). Best effort.</summary>
    public static void Write(string file, string key, BuildxFacts facts)
    {
        if (facts.Version is null)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = $"{file}.{Environment.ProcessId}.tmp";
            System.IO.File.WriteAllText(temporary, new JObject { ["key"] = key, ["version"] = facts.Version }.ToString());
            System.IO.File.Move(temporary, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only checkout only probes every time.
        }
    }

    private static string Identity(string path)
    {
        // A link (a plugin linked into place, /usr/bin/docker -> ...) is known by what it finally points to.
        FileSystemInfo info = new FileInfo(path);
        if (info.Exists && info.LinkTarget is not null)
        {
            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            path = $"{path} -> {info.FullName}";
        }

        return info.Exists && info is FileInfo file
            ? string.Create(CultureInfo.InvariantCulture, $"{path} {file.Length} {file.LastWriteTimeUtc.Ticks}")
            : $"{path} -";
    }

    private static string? OnPath(string name, string? path) =>
        (path ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(System.IO.File.Exists);
}
