using LibGit2Sharp;

namespace Build.Tests.Support;

/// <summary>A real git repository in a temporary folder, for version derivation tests.</summary>
public sealed class TempGitRepo : IDisposable
{
    private static int clock;
    private readonly Repository repo;

    public TempGitRepo(string branch = "main")
    {
        Path = Directory.CreateTempSubdirectory("git-version-").FullName;
        Repository.Init(Path);
        repo = new Repository(Path);
        repo.Refs.UpdateTarget("HEAD", $"refs/heads/{branch}");
    }

    public string Path { get; }

    public Commit Commit(string message = "change")
    {
        var file = System.IO.Path.Combine(Path, "file.txt");
        File.AppendAllText(file, message + "\n");
        Commands.Stage(repo, "file.txt");
        // Distinct, increasing times: describe and "newest" depend on commit dates.
        var when = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Interlocked.Increment(ref clock));
        var signature = new Signature("Test", "test@example.com", when);
        return repo.Commit(message, signature, signature);
    }

    public void Tag(string name, Commit? commit = null, bool annotated = false)
    {
        var target = commit ?? repo.Head.Tip;
        if (annotated)
        {
            repo.ApplyTag(name, target.Sha, new Signature("Test", "test@example.com", DateTimeOffset.UtcNow), "release");
        }
        else
        {
            repo.ApplyTag(name, target.Sha);
        }
    }

    /// <summary>Makes a branch at <paramref name="at"/> and makes it HEAD's (the next commits go there).</summary>
    public void Branch(string name, Commit at)
    {
        repo.CreateBranch(name, at);
        repo.Refs.UpdateTarget("HEAD", $"refs/heads/{name}");
    }

    public string ShortSha(Commit commit) => commit.Sha[..7];

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
