using Build.Facts;
using Build.Tests.Support;

namespace Build.Tests.Facts;

/// <summary>The branch the shared cache is named after (docs/decisions.md §6.1), from GitHub Actions' variables or git.</summary>
public sealed class BranchFactsTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] values) =>
        key => values.Where(v => v.Key == key).Select(v => v.Value).FirstOrDefault();

    [Fact]
    public void Actions_pull_requests_use_the_head_branch_pushes_the_ref_name_and_tags_count_as_main()
    {
        Assert.Equal("feature/x", BranchFacts.Read("/nonexistent", Env(("GITHUB_HEAD_REF", "feature/x"), ("GITHUB_ACTIONS", "true"), ("GITHUB_REF_NAME", "7/merge"))));
        Assert.Equal("release-1", BranchFacts.Read("/nonexistent", Env(("GITHUB_ACTIONS", "true"), ("GITHUB_REF_NAME", "release-1"), ("GITHUB_REF_TYPE", "branch"))));
        Assert.Equal("main", BranchFacts.Read("/nonexistent", Env(("GITHUB_ACTIONS", "true"), ("GITHUB_REF_NAME", "v1.0.0"), ("GITHUB_REF_TYPE", "tag"))));
    }

    [Fact]
    public void Elsewhere_git_heads_branch_and_main_when_detached_or_outside_a_checkout()
    {
        using var repo = new TempGitRepo("feature/y");
        var commit = repo.Commit();
        Assert.Equal("feature/y", BranchFacts.Read(repo.Path, Env()));
        Assert.Equal("feature/y", BranchFacts.Read(repo.Path, Env(("GITHUB_REF_NAME", "ignored-outside-actions"))));

        using (var git = new LibGit2Sharp.Repository(repo.Path))
        {
            LibGit2Sharp.Commands.Checkout(git, commit);
        }

        Assert.Equal("main", BranchFacts.Read(repo.Path, Env()));
        var outside = Directory.CreateTempSubdirectory("no-git-").FullName;
        try
        {
            Assert.Equal("main", BranchFacts.Read(outside, Env()));
        }
        finally
        {
            Directory.Delete(outside);
        }
    }
}
