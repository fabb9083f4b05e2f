using LibGit2Sharp;

namespace Build.Versioning;

/// <summary>Reads <see cref="VersionInfo"/> from a git checkout with LibGit2Sharp (no git executable needed).</summary>
public static class GitVersionReader
{
    public static VersionInfo Read(string directory)
    {
        var root = Repository.Discover(directory);
        if (root is null)
        {
            return VersionInfo.Unknown($"'{directory}' is not inside a git checkout");
        }

        using var repo = new Repository(root);
        if (repo.Info.IsHeadUnborn)
        {
            return VersionInfo.Unknown("the git repository has no commits");
        }

        var head = repo.Head.Tip;
        var shortSha = repo.ObjectDatabase.ShortenObjectId(head, 7);
        var tagsByCommit = repo.Tags
            .Select(t => (Tag: t, Commit: t.PeeledTarget as Commit))
            .Where(t => t.Commit is not null)
            .ToList();

        // git describe --exact-match prefers annotated tags, then the newest.
        var exact = tagsByCommit
            .Where(t => t.Commit!.Id == head.Id)
            .OrderByDescending(t => t.Tag.IsAnnotated)
            .ThenByDescending(t => t.Tag.Annotation?.Tagger?.When ?? DateTimeOffset.MinValue)
            .ThenByDescending(t => t.Tag.FriendlyName, StringComparer.Ordinal)
            .Select(t => t.Tag.FriendlyName)
            .FirstOrDefault();

        string? latest = null;
        if (exact is null && tagsByCommit.Count > 0)
        {
            // The newest commit among all tags and the local 'main' is described (docs/decisions.md §1.2:
            // git rev-list --tags --max-count=1 main); without 'main', HEAD instead of failing.
            var start = repo.Branches["main"]?.Tip ?? head;
            var newest = tagsByCommit.Select(t => t.Commit!).Append(start)
                .OrderByDescending(c => c.Committer.When).First();
            latest = NearestTag(repo, newest, tagsByCommit);
        }

        var origin = repo.Network.Remotes["origin"]?.Url;
        return VersionInfo.From(exact, latest, head.Sha, shortSha, head.Committer.When, origin);
    }

    /// <summary>The tag reachable from <paramref name="start"/> with the fewest commits in between (git describe --abbrev=0).</summary>
    private static string? NearestTag(Repository repo, Commit start, IReadOnlyList<(Tag Tag, Commit? Commit)> tags)
    {
        var byCommit = tags.GroupBy(t => t.Commit!.Id).ToDictionary(g => g.Key, g => g.Select(t => t.Tag).ToList());
        var seen = new HashSet<ObjectId>();
        var queue = new Queue<Commit>([start]);
        while (queue.Count > 0)
        {
            var commit = queue.Dequeue();
            if (!seen.Add(commit.Id))
            {
                continue;
            }

            if (byCommit.TryGetValue(commit.Id, out var found))
            {
                return found.OrderByDescending(t => t.IsAnnotated).ThenByDescending(t => t.FriendlyName, StringComparer.Ordinal).First().FriendlyName;
            }

            foreach (var parent in commit.Parents)
            {
                queue.Enqueue(parent);
            }
        }

        return null;
    }
}
