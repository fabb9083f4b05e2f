using Build.Facts;
using Build.Options;
using Build.Planning;
using Build.Tasks;
using Build.Tests.Support;

namespace Build.Tests.Planning;

/// <summary>Planning from hand-made facts: no git repository, remote or working tree is read, only the facts given.</summary>
public sealed class PlanFromFactsTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private static PlanInputs Inputs(ReleaseOptions release, SourceFacts sources) =>
        new(new BuildOptions(), release, TestHost.ReferenceFacts(), sources, TaskSelection.None, null);

    [Fact]
    public void BuildEpp_clones_the_remote_commit_the_facts_name_and_removes_an_earlier_clone_first()
    {
        var gaie = new GaieSource("/repo/.build/epp/gaie-0123456789ab", "https://example.com/gaie.git", Commit, "v1.0.0", CloneExists: true);
        var sources = SourceFacts.None with { Gaie = gaie, EppPatches = ["/patches/0001-a.patch"] };

        var lines = new BuildEppTask().Plan(Inputs(new ReleaseOptions(), sources), []).Select(s => s.Command.ShellLine("docker")).ToList();

        Assert.Equal("rm -rf -- /repo/.build/epp/gaie-0123456789ab", lines[0]);
        Assert.Equal("git clone --no-checkout -- https://example.com/gaie.git /repo/.build/epp/gaie-0123456789ab", lines[1]);
        Assert.Equal($"git -C /repo/.build/epp/gaie-0123456789ab -c advice.detachedHead=false checkout --detach {Commit}", lines[2]);
        Assert.StartsWith("git -C /repo/.build/epp/gaie-0123456789ab apply --check /patches/0001-a.patch && ", lines[3], StringComparison.Ordinal);
        Assert.Contains($"--build-arg COMMIT_SHA={Commit} --build-arg BUILD_REF=v1.0.0 ", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void BuildEpp_without_an_earlier_clone_starts_with_the_clone()
    {
        var gaie = new GaieSource("/repo/.build/epp/gaie-0123456789ab", "https://example.com/gaie.git", Commit, "main");
        var steps = new BuildEppTask().Plan(Inputs(new ReleaseOptions(), SourceFacts.None with { Gaie = gaie }), []).ToList();

        Assert.Equal("clone GAIE main", steps[0].Title);
    }

    [Fact]
    public void Publish_refuses_the_changes_the_facts_list_naming_them()
    {
        var release = new ReleaseOptions { Registry = RegistryTarget.Parse("localhost:5000"), PublishImages = [] };
        var sources = SourceFacts.None with { WorkingTreeChanges = ["README.md", "build/x.cs"] };

        var e = Assert.Throws<UsageException>(() => new PublishTask().Check(Inputs(release, sources)));

        Assert.Equal("Publish refuses a dirty working tree (2 uncommitted changes: README.md, build/x.cs): commit or stash them, or pass --allow-dirty.", e.Message);
    }
}
