using LibGit2Sharp;

namespace Build.Versioning;

/// <summary>Uncommitted changes of a checkout (git status), read with LibGit2Sharp: what Publish refuses to publish from.</summary>
public static class WorkingTree
{
    /// <returns>The changed paths (modified, staged, deleted, untracked; ignored files do not count), or null outside a git checkout.</returns>
    public static IReadOnlyList<string>? Changes(string directory)
    {
        var root = Repository.Discover(directory);
        if (root is null)
        {
            return null;
        }

        using var repo = new Repository(root);
        var status = repo.RetrieveStatus(new StatusOptions { IncludeUntracked = true, RecurseUntrackedDirs = false, IncludeIgnored = false });
        return status.Where(e => e.State != FileStatus.Unaltered && e.State != FileStatus.Ignored).Select(e => e.FilePath).Order(StringComparer.Ordinal).ToList();
    }
}
