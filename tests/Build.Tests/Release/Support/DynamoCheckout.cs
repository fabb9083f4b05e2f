using Build.Tests.Support;
using LibGit2Sharp;

namespace Build.Tests.Release.Support;

/// <summary>
/// A small clean git checkout used as --repo-root for Publish: its container/ holds the Dockerfiles BuildEpp needs
/// (copied from this repository), so the version, the exact-tag rule and the dirty-tree check are the test's to set.
/// </summary>
public sealed class DynamoCheckout : IDisposable
{
    private static int clock;
    private readonly Repository repo;

    public DynamoCheckout()
    {
        Path = Directory.CreateTempSubdirectory("dynamo-checkout-").FullName;
        Repository.Init(Path);
        repo = new Repository(Path);
        repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
        var container = RepoPaths.MakeContainerFolder(Path);
        File.Copy(System.IO.Path.Combine(RepoPaths.Container, "Dockerfile.epp"), System.IO.Path.Combine(container, "Dockerfile.epp"));
        File.WriteAllText(System.IO.Path.Combine(Path, ".gitignore"), "/.build/\n");
        Commit("initial");
    }

    public string Path { get; }

    public string Commit(string message)
    {
        File.AppendAllText(System.IO.Path.Combine(Path, "CHANGES"), message + "\n");
        Commands.Stage(repo, "*");
        var when = new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Interlocked.Increment(ref clock));
        var signature = new Signature("Test", "test@example.com", when);
        return repo.Commit(message, signature, signature).Sha;
    }

    public void Tag(string name) => repo.ApplyTag(name);

    /// <summary>An uncommitted change (an untracked file).</summary>
    public void MakeDirty() => File.WriteAllText(System.IO.Path.Combine(Path, "uncommitted.txt"), "work in progress\n");

    public void Dispose()
    {
        repo.Dispose();
        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Path, recursive: true);
    }
}
