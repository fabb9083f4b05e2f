using Build.Facts;

namespace Build.Tests.Facts;

/// <summary><c>docker buildx inspect</c>'s text (buildx 0.29, as printed on this machine and in buildx's reference) read into <see cref="BuilderFacts"/>.</summary>
public sealed class BuilderFactsTests
{
    /// <summary>This machine's default builder (trimmed after its labels).</summary>
    public const string Default = """
        Name:          default
        Driver:        docker
        Last Activity: 2026-12-02 05:34:13 +0000 UTC

        Nodes:
        Name:             default
        Endpoint:         default
        Status:           running
        BuildKit version: v0.0.0+unknown
        Platforms:        linux/amd64, linux/amd64/v2, linux/amd64/v3, linux/amd64/v4
        Labels:
         org.mobyproject.buildkit.worker.executor:             containerd
        GC Policy rule#0:
         All:            false
         Filters:        type==source.local,type==exec.cachemount,type==source.git.checkout

        """;

    /// <summary>A remote builder with one node per architecture, the arm64 one's platforms set at create (the '*').</summary>
    public const string TwoNodes = """
        Name:   pool
        Driver: remote

        Nodes:
        Name:      pool-amd64
        Endpoint:  tcp://amd64.build.example:1234
        Status:    running
        BuildKit version: v0.25.1
        Platforms: linux/amd64, linux/amd64/v2, linux/386

        Name:      pool-arm64
        Endpoint:  tcp://arm64.build.example:1234
        Status:    running
        Platforms: linux/arm64*, linux/arm/v7, linux/arm/v6

        """;

    /// <summary>A remote builder of one running linux/amd64 node.</summary>
    public const string Remote = """
        Name:   pool
        Driver: remote

        Nodes:
        Name:      pool0
        Endpoint:  tcp://build.example:1234
        Status:    running
        Platforms: linux/amd64

        """;

    /// <summary>A docker context whose engine is down (buildx still exits 0).</summary>
    public const string Down = """
        Name:   second
        Driver: 
        Error:  Cannot connect to the Docker daemon at unix:///tmp/e/docker.sock. Is the docker daemon running?

        Nodes:

        """;

    [Fact]
    public void The_default_builder_is_the_engine_of_the_clients_context_with_its_platforms()
    {
        var facts = BuilderFacts.Parse(Default, engineContext: "default", bootstrapped: true);
        Assert.Equal(("default", "docker", true), (facts.Name, facts.Driver, facts.IsEngine));
        var node = Assert.Single(facts.Nodes);
        Assert.Equal(("default", "default", "running"), (node.Name, node.Endpoint, node.Status));
        Assert.Equal(["linux/amd64", "linux/amd64/v2", "linux/amd64/v3", "linux/amd64/v4"], node.Platforms);
        Assert.Null(facts.WhyNotAnswering);
        Assert.Single(facts.NodesFor("linux/amd64"));
        Assert.Single(facts.NodesFor("linux/x86_64"));
        Assert.Empty(facts.NodesFor("linux/arm64"));
    }

    [Fact]
    public void A_docker_driver_builder_of_another_context_is_not_this_engine()
    {
        var facts = BuilderFacts.Parse(Default.Replace("default", "second", StringComparison.Ordinal), engineContext: "default", bootstrapped: false);
        Assert.Equal("docker", facts.Driver);
        Assert.False(facts.IsEngine);
    }

    [Fact]
    public void Each_node_keeps_its_own_platforms_and_a_manual_platforms_star_is_dropped()
    {
        var facts = BuilderFacts.Parse(TwoNodes, engineContext: "default", bootstrapped: true);
        Assert.Equal(("pool", "remote", false), (facts.Name, facts.Driver, facts.IsEngine));
        Assert.Equal(["pool-amd64", "pool-arm64"], facts.Nodes.Select(n => n.Name));
        Assert.Equal("tcp://arm64.build.example:1234", facts.Nodes[1].Endpoint);
        Assert.Equal(["pool-arm64"], facts.NodesFor("linux/arm64").Select(n => n.Name));
        Assert.Equal(["pool-arm64"], facts.NodesFor("linux/aarch64").Select(n => n.Name));
        Assert.Equal(["pool-amd64"], facts.NodesFor("linux/amd64").Select(n => n.Name));
        Assert.Null(facts.WhyNotAnswering);
    }

    [Fact]
    public void A_builder_that_does_not_answer_says_so_in_one_sentence_naming_it()
    {
        var facts = BuilderFacts.Parse(Down, engineContext: "default", bootstrapped: true);
        Assert.Empty(facts.Nodes);
        Assert.Equal("builder 'second' does not answer: Cannot connect to the Docker daemon at unix:///tmp/e/docker.sock. Is the docker daemon running?", facts.WhyNotAnswering);
    }

    [Fact]
    public void A_node_not_started_is_fine_before_a_bootstrap_but_not_after_and_a_node_error_always_counts()
    {
        var inactive = TwoNodes.Replace("Status:    running\nPlatforms: linux/arm64*, linux/arm/v7, linux/arm/v6", "Status:    inactive", StringComparison.Ordinal);
        var read = BuilderFacts.Parse(inactive, "default", bootstrapped: false);
        Assert.Null(read.WhyNotAnswering);
        Assert.False(read.PlatformsKnown);
        Assert.Equal("builder 'pool' node 'pool-arm64' (tcp://arm64.build.example:1234) does not answer: status inactive", BuilderFacts.Parse(inactive, "default", bootstrapped: true).WhyNotAnswering);

        var failed = TwoNodes.Replace("Status:    running\nPlatforms: linux/arm64*", "Error:     connection refused\nPlatforms: linux/arm64*", StringComparison.Ordinal);
        Assert.Equal("builder 'pool' node 'pool-arm64' (tcp://arm64.build.example:1234) does not answer: connection refused", BuilderFacts.Parse(failed, "default", bootstrapped: false).WhyNotAnswering);
    }

    [Theory]
    [InlineData("linux/arm64/v8", "linux/arm64")]
    [InlineData("linux/aarch64", "linux/arm64")]
    [InlineData("linux/x86_64", "linux/amd64")]
    [InlineData("linux/arm64*", "linux/arm64")]
    [InlineData("linux/amd64/v2", "linux/amd64/v2")]
    public void Platforms_are_compared_as_docker_normalizes_them(string platform, string normalized) =>
        Assert.Equal(normalized, BuilderFacts.Normalized(platform));
}
