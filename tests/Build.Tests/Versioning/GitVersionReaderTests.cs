using Build.Tests.Support;
using Build.Versioning;

namespace Build.Tests.Versioning;

/// <summary>Version derivation against real repositories (docs/decisions.md §1.2, §2.18).</summary>
public sealed class GitVersionReaderTests
{
    [Fact]
    public void No_tags_falls_back_to_0_0_1_with_build_shs_message_and_the_version_the_images_carry()
    {
        using var git = new TempGitRepo();
        var head = git.Commit();

        var version = GitVersionReader.Read(git.Path);

        Assert.Equal($"v0.0.1.dev.{git.ShortSha(head)}", version.Version);
        Assert.Equal($"0.0.1.dev+{git.ShortSha(head)}", version.PythonPackageVersion);
        Assert.Equal($"No git release tag found, setting to unknown version: 0.0.1; this build's version is v0.0.1.dev.{git.ShortSha(head)}", version.Warning);
        Assert.False(version.IsExactTag);
    }

    [Fact]
    public void Untagged_head_gets_the_latest_tag_plus_dev_and_short_sha()
    {
        using var git = new TempGitRepo();
        var tagged = git.Commit("release");
        git.Tag("v0.4.1", tagged);
        var head = git.Commit("work");

        var version = GitVersionReader.Read(git.Path);

        Assert.Equal($"v0.4.1.dev.{git.ShortSha(head)}", version.Version);
        Assert.Equal($"0.4.1.dev+{git.ShortSha(head)}", version.PythonPackageVersion);
        Assert.Equal(head.Sha, version.Commit);
        Assert.Null(version.Warning);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Exactly_tagged_head_uses_the_tag_without_one_leading_v(bool annotated)
    {
        using var git = new TempGitRepo();
        git.Commit();
        git.Tag("v0.5.0", annotated: annotated);

        var version = GitVersionReader.Read(git.Path);

        Assert.Equal("v0.5.0", version.Version);
        Assert.Equal("0.5.0", version.PythonPackageVersion);
        Assert.True(version.IsExactTag);
    }

    [Fact]
    public void A_tag_without_v_gets_one_added_to_the_version()
    {
        using var git = new TempGitRepo();
        git.Commit();
        git.Tag("1.2.3");

        Assert.Equal("v1.2.3", GitVersionReader.Read(git.Path).Version);
    }

    [Fact]
    public void The_nearest_of_several_tags_is_used()
    {
        using var git = new TempGitRepo();
        git.Tag("v0.1.0", git.Commit("one"));
        git.Tag("v0.2.0", git.Commit("two"));
        var head = git.Commit("three");

        Assert.Equal($"v0.2.0.dev.{git.ShortSha(head)}", GitVersionReader.Read(git.Path).Version);
    }

    [Fact]
    public void Without_a_local_main_branch_head_is_described_instead_of_failing()
    {
        using var git = new TempGitRepo(branch: "feature");
        git.Tag("v2.0.0", git.Commit("release"));
        var head = git.Commit("work");

        Assert.Equal($"v2.0.0.dev.{git.ShortSha(head)}", GitVersionReader.Read(git.Path).Version);
    }

    [Fact]
    public void A_branch_behind_main_is_described_from_mains_newer_tag_as_build_sh_does()
    {
        // main: v0.9.0 <- v1.0.0 <- tip; the branch forks at v0.9.0. git rev-list --tags --max-count=1 main picks main's
        // tip (newer than every tag), and its nearest tag is v1.0.0; from HEAD it would be v0.9.0.
        using var git = new TempGitRepo();
        var fork = git.Commit("one");
        git.Tag("v0.9.0", fork);
        git.Tag("v1.0.0", git.Commit("two"));
        git.Commit("main's tip");
        git.Branch("feature", fork);
        var head = git.Commit("work");

        Assert.Equal($"v1.0.0.dev.{git.ShortSha(head)}", GitVersionReader.Read(git.Path).Version);
    }

    [Fact]
    public void Works_from_a_subfolder_of_the_checkout()
    {
        using var git = new TempGitRepo();
        git.Commit();
        git.Tag("v3.0.0");
        var sub = Directory.CreateDirectory(Path.Combine(git.Path, "container")).FullName;

        Assert.Equal("v3.0.0", GitVersionReader.Read(sub).Version);
    }

    [Fact]
    public void Outside_a_checkout_the_version_is_unknown_with_one_warning()
    {
        var dir = Directory.CreateTempSubdirectory("not-git-").FullName;
        try
        {
            var version = GitVersionReader.Read(dir);
            Assert.Equal("v0.0.1.dev.unknown", version.Version);
            Assert.Equal("0.0.1.dev+unknown", version.PythonPackageVersion);
            Assert.NotNull(version.Warning);
            Assert.Null(version.Commit);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }
}
