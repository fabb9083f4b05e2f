using Build.Planning;
using Cake.Core.Diagnostics;
using LibGit2Sharp;

namespace Build.Execution;

/// <summary>
/// Executes the host steps of the plan (<see cref="HostCommand"/>): file operations in C#, clone and checkout with
/// LibGit2Sharp, patches with the git executable (LibGit2Sharp has no apply). A failure stops the run with a
/// message naming what failed.
/// </summary>
public sealed class HostSteps(GitTool git, ICakeLog log)
{
    public void Run(HostCommand command)
    {
        switch (command)
        {
            case RemoveDirectoryCommand remove:
                RemoveDirectory(remove.Directory);
                break;
            case MakeDirectoryCommand make:
                Directory.CreateDirectory(make.Directory);
                break;
            case CopyFileCommand copy:
                Directory.CreateDirectory(Path.GetDirectoryName(copy.Destination)!);
                File.Copy(copy.Source, copy.Destination, overwrite: true);
                break;
            case GitCloneCommand clone:
                Clone(clone);
                break;
            case GitCheckoutCommand checkout:
                Checkout(checkout);
                break;
            case GitApplyCommand apply:
                Apply(apply);
                break;
            default:
                throw new InvalidOperationException($"no runner for {command.GetType().Name}");
        }
    }

    public static void RemoveDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        // git's object files are read-only.
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(directory, recursive: true);
    }

    private static void Clone(GitCloneCommand clone)
    {
        // A signal cancels the transfer at its next progress report instead of after the whole clone
        // (libgit2 stops when a callback answers false, and removes the directory it created).
        var fetch = new FetchOptions
        {
            OnTransferProgress = _ => Interruption.Signal is null,
            OnProgress = _ => Interruption.Signal is null,
        };
        try
        {
            Repository.Clone(clone.Url, clone.Directory, new CloneOptions(fetch) { Checkout = false });
        }
        catch (UserCancelledException) when (Interruption.Signal is not null)
        {
            Interruption.ThrowIfRequested($"git clone of {clone.Url}");
            throw;
        }
        catch (LibGit2SharpException e)
        {
            // The remote did not answer or refused: the machine's network or the server, not a tool that ran.
            throw new Facts.EnvironmentException($"git clone of {clone.Url} into {clone.Directory} failed: {e.Message}");
        }
    }

    private static void Checkout(GitCheckoutCommand checkout)
    {
        using var repo = new Repository(checkout.Directory);
        var commit = repo.Lookup<Commit>(checkout.Commit)
            ?? throw new ToolFailedException($"git checkout in {checkout.Directory}: commit {checkout.Commit} is not in the clone (the reference moved since planning?)", 1);
        Commands.Checkout(repo, commit, new CheckoutOptions { CheckoutModifiers = CheckoutModifiers.Force });
    }

    private void Apply(GitApplyCommand apply)
    {
        var name = Path.GetFileName(apply.Patch);
        var check = git.Capture(apply.CheckArguments(), apply.Directory);
        if (check.ExitCode == 0)
        {
            var applied = git.Capture(apply.ToArguments(), apply.Directory);
            if (applied.ExitCode != 0)
            {
                throw new ToolFailedException($"patch {name} does not apply to {apply.Directory}: {FirstLine(applied.Error)}", applied.ExitCode);
            }

            log.Information("Applied patch {0}", name);
            return;
        }

        if (git.Capture(apply.ReverseCheckArguments(), apply.Directory).ExitCode == 0)
        {
            log.Warning("Patch {0} is already applied to {1}: skipped", name, apply.Directory);
            return;
        }

        throw new ToolFailedException($"patch {name} does not apply to {apply.Directory} (and is not already applied): {FirstLine(check.Error)}", check.ExitCode);
    }

    private static string FirstLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "no message from git";
}
