using System.Text.RegularExpressions;
using Build.Options;
using Build.Planning;

namespace Build.Facts;

/// <summary>
/// The checks of option values against the machine, kept out of the (pure) option parsers: files and folders the
/// options name, the registry password variable (the Dockerfiles' stages and the wheel are in SourceFacts).
/// Runs once, after the options are parsed and before planning; each problem is a <see cref="UsageException"/>
/// naming the option as given.
/// </summary>
public static partial class OptionInputFacts
{
    /// <returns>The release options with their paths made absolute (relative paths are taken from <paramref name="workingDirectory"/>).</returns>
    public static ReleaseOptions Check(
        BuildOptions build,
        ReleaseOptions release,
        IReadOnlyList<string> tasks,
        string workingDirectory,
        Func<string, string?>? environment = null)
    {
        release = release with
        {
            GaieDir = Existing("--gaie-dir", release.GaieDir, workingDirectory, directory: true),
            GaieGit = LocalGitPath(release.GaieGit, workingDirectory),
            EppPatches = Existing("--epp-patches", release.EppPatches, workingDirectory, directory: true),
            DynamoCapiLib = Existing("--dynamo-capi-lib", release.DynamoCapiLib, workingDirectory, directory: false),
            DynamoCapiInclude = Existing("--dynamo-capi-include", release.DynamoCapiInclude, workingDirectory, directory: false),
        };

        if (build.DockerPath is { } dockerPath && Directory.Exists(Path.GetFullPath(dockerPath, workingDirectory)))
        {
            throw new UsageException($"--docker-path '{dockerPath}' is a directory: name the docker client itself, e.g. /usr/bin/docker.");
        }

        // A real run logs in with the variable's value; a dry run only names the variable.
        if (tasks.Contains(ReleaseOptions.PublishTask) && release.RegistryUser is not null && !build.DryRun
            && string.IsNullOrEmpty((environment ?? Environment.GetEnvironmentVariable)(release.RegistryPasswordVariable)))
        {
            throw new UsageException($"--registry-user {release.RegistryUser}: the password variable {release.RegistryPasswordVariable} is empty or unset; export it (or name another with --registry-password-env VAR): the password never goes on the command line.");
        }

        return release;
    }

    private static string? Existing(string option, string? value, string workingDirectory, bool directory)
    {
        if (value is null)
        {
            return null;
        }

        var full = Path.GetFullPath(value, workingDirectory);
        if (directory ? !Directory.Exists(full) : !File.Exists(full))
        {
            throw new UsageException($"{option} '{value}' is not an existing {(directory ? "directory" : "file")}.");
        }

        return full;
    }

    /// <summary>--gaie-git: a URL (checked by its grammar) stays as given; anything else must be a local repository.</summary>
    private static string? LocalGitPath(string? value, string workingDirectory)
    {
        if (value is null || (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ssh" or "git" or "file")
            || SourceGrammar.ScpLike().IsMatch(value))
        {
            return value;
        }

        var full = Path.GetFullPath(value, workingDirectory);
        if (!Directory.Exists(full))
        {
            throw new UsageException($"--gaie-git '{value}' is not a git URL (https://, ssh://, git@host:path) or an existing local repository.");
        }

        return full;
    }
}
