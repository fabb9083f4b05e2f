using LibGit2Sharp;

namespace Build.Facts;

/// <summary>
/// The branch a build belongs to, for naming its shared cache (docs/decisions.md §6.1): in GitHub Actions the pull
/// request's head branch (GITHUB_HEAD_REF), else the pushed branch (GITHUB_REF_NAME when GITHUB_REF_TYPE is branch);
/// a tag build counts as main. Elsewhere git's HEAD branch. A detached HEAD or no checkout counts as main.
/// </summary>
public static class BranchFacts
{
    public const string Main = Docker.CacheRegistry.MainBranch;

    public static string Read(string repoRoot, Func<string, string?> environment)
    {
        if (environment("GITHUB_HEAD_REF") is { Length: > 0 } head)
        {
            return head;
        }

        if (environment("GITHUB_ACTIONS") == "true" && environment("GITHUB_REF_NAME") is { Length: > 0 } refName)
        {
            return environment("GITHUB_REF_TYPE") == "tag" ? Main : refName;
        }

        if (Repository.Discover(repoRoot) is not { } gitDir)
        {
            return Main;
        }

        using var repo = new Repository(gitDir);
        return repo.Info.IsHeadDetached || repo.Head.FriendlyName.Length == 0 ? Main : repo.Head.FriendlyName;
    }
}
