using Build.Options;
using LibGit2Sharp;

namespace Build.Facts;

/// <summary>
/// The Gateway API Inference Extension tree BuildEpp builds, resolved before anything runs: where it is (or will be
/// cloned), and the COMMIT_SHA / BUILD_REF its image is stamped with. Only reads: the local tree's git, or the
/// remote's references (git ls-remote) for --gaie-git, so the dry run shows the exact commit a real run builds.
/// </summary>
/// <param name="Directory">The tree: --gaie-dir, or the clone folder under .build/epp/.</param>
/// <param name="CloneUrl">The repository to clone into <paramref name="Directory"/>; null for --gaie-dir.</param>
/// <param name="Commit">COMMIT_SHA: the tree's HEAD commit.</param>
/// <param name="BuildRef">BUILD_REF: --gaie-ref, or the tree's tag (exact, else nearest), else its branch.</param>
/// <param name="CloneExists">Whether the clone folder is there already (an earlier run's, removed before cloning).</param>
public sealed record GaieSource(string Directory, string? CloneUrl, string Commit, string BuildRef, bool CloneExists = false)
{
    /// <summary>The folder clones go to: .build/epp/gaie-&lt;commit&gt; in the repository (ignored by git).</summary>
    public static string CloneRoot(string repoRoot) => Path.Combine(repoRoot, ".build", "epp");

    public static GaieSource Resolve(ReleaseOptions options, string repoRoot)
    {
        if (options.GaieDir is { } dir)
        {
            return FromTree(dir);
        }

        var url = options.GaieGit ?? throw new InvalidOperationException("BuildEpp planned without a GAIE source");
        var reference = options.GaieRef!;
        var commit = SourceGrammar.IsFullCommit(reference) ? reference.ToLowerInvariant() : ResolveRemote(url, reference);
        var clone = Path.Combine(CloneRoot(repoRoot), $"gaie-{commit[..12]}");
        return new GaieSource(clone, url, commit, reference, System.IO.Directory.Exists(clone));
    }

    private static GaieSource FromTree(string dir)
    {
        var root = Repository.Discover(dir);
        if (root is null)
        {
            throw new UsageException($"--gaie-dir '{dir}' is not a git checkout: the EPP image's COMMIT_SHA and BUILD_REF come from the tree's git (clone GAIE, or use --gaie-git URL --gaie-ref REF).");
        }

        using var repo = new Repository(root);
        if (repo.Info.IsHeadUnborn)
        {
            throw new UsageException($"--gaie-dir '{dir}' has no commit: the EPP image's COMMIT_SHA and BUILD_REF come from the tree's git.");
        }

        var head = repo.Head.Tip;
        return new GaieSource(dir, null, head.Sha, BuildRefOf(repo, head));
    }

    /// <summary>As GAIE's Makefile: the nearest tag (git describe --tags --abbrev=0), else the branch, else the short commit.</summary>
    private static string BuildRefOf(Repository repo, Commit head)
    {
        try
        {
            return repo.Describe(head, new DescribeOptions { Strategy = DescribeStrategy.Tags, MinimumCommitIdAbbreviatedSize = 0 });
        }
        catch (LibGit2SharpException)
        {
            return repo.Info.IsHeadDetached ? head.Sha[..7] : repo.Head.FriendlyName;
        }
    }

    private static string ResolveRemote(string url, string reference)
    {
        List<Reference> refs;
        try
        {
            refs = Repository.ListRemoteReferences(url).ToList();
        }
        catch (LibGit2SharpException e)
        {
            // The remote did not answer: the machine's network or the server, not the user's input.
            throw new EnvironmentException($"--gaie-git '{url}': cannot list its references ({e.Message.Trim()}).");
        }

        // A tag's peeled commit first (annotated tags point at a tag object), then tags, branches, a full ref name.
        string[] names = [$"refs/tags/{reference}^{{}}", $"refs/tags/{reference}", $"refs/heads/{reference}", reference];
        foreach (var name in names)
        {
            var hit = refs.FirstOrDefault(r => r.CanonicalName == name);
            if (hit?.TargetIdentifier is { } target && SourceGrammar.IsFullCommit(target))
            {
                return target;
            }
        }

        throw new UsageException($"--gaie-ref '{reference}' is not a branch or tag of {url} (give a branch, a tag or a full 40-character commit).");
    }
}
