using Build.Tests.Support;
using LibGit2Sharp;

namespace Build.Tests.Release.Support;

/// <summary>
/// A git checkout used as --repo-root whose container/Dockerfile (framework none) has no RUN step: FROM scratch and
/// COPY, so that this machine, without binfmt_misc, builds it for any architecture (it stands in for the real
/// Dockerfiles' second architecture). Every instruction names a nonce of this checkout, so BuildKit's cache records
/// of these builds, and only they, match <see cref="Nonce"/> (docker builder prune --filter description~=NONCE).
/// Tests build from it under an --image-namespace of their own and remove those images before disposing the
/// checkout, so that no image of the test holds its cache records.
/// </summary>
public sealed class TinyCheckout : IDisposable
{
    private readonly Repository repo;

    public TinyCheckout(string branch = "main")
    {
        Nonce = "itest" + Guid.NewGuid().ToString("N")[..12];
        Path = Directory.CreateTempSubdirectory("tiny-checkout-").FullName;
        Repository.Init(Path);
        repo = new Repository(Path);
        repo.Refs.UpdateTarget("HEAD", $"refs/heads/{branch}");
        var container = RepoPaths.MakeContainerFolder(Path);
        File.WriteAllText(System.IO.Path.Combine(Path, "payload.txt"), Nonce + "\n");
        File.WriteAllText(System.IO.Path.Combine(container, "Dockerfile"), $"""
            FROM scratch AS dev
            COPY payload.txt /{Nonce}/dev.txt

            FROM dev AS runtime
            COPY payload.txt /{Nonce}/one.txt
            COPY container/Dockerfile /{Nonce}/two.txt
            """.Replace("\r", ""));
        File.WriteAllText(System.IO.Path.Combine(Path, ".gitignore"), "/.build/\n");
        Commands.Stage(repo, "*");
        var signature = new Signature("Test", "test@example.com", new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        repo.Commit("tiny", signature, signature);
    }

    public string Path { get; }

    public string Nonce { get; }

    public void Tag(string name) => repo.ApplyTag(name);

    /// <summary>HEAD's commit: the revision label of every image built from this checkout.</summary>
    public string Commit => repo.Head.Tip.Sha;

    /// <summary>Removes this checkout's BuildKit cache records (and only those: their descriptions name the nonce).</summary>
    public void PruneOwnCache() => DockerCli.Ok("builder", "prune", "--force", "--filter", $"description~={Nonce}");

    /// <summary>How many BuildKit cache records name this checkout's nonce.</summary>
    public int OwnCacheRecords() =>
        DockerCli.Ok("buildx", "du", "--verbose").Split('\n').Count(l => l.StartsWith("Description:", StringComparison.Ordinal) && l.Contains(Nonce, StringComparison.Ordinal));

    public void Dispose()
    {
        PruneOwnCache();
        repo.Dispose();
        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Path, recursive: true);
    }
}
