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

    /// <summary>The start of the folder's name in the temporary folder (the rest is random).</summary>
    public const string Prefix = "dynamo-docker-config-";

    private static readonly string[] CredentialKeys = ["auths", "credsStore", "credHelpers"];

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
        var directory = System.IO.Directory.CreateTempSubdirectory(Prefix).FullName;
        var config = new RunDockerConfig(directory);
        try
        {
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
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        foreach (var folder in LinkedFolders)
        {
            var link = new DirectoryInfo(Path.Combine(Directory, folder));
            if (link.LinkTarget is not null)
            {
                link.Delete();
            }
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
