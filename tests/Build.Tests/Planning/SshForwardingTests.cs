using Build.Facts;
using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Planning;

/// <summary>--ssh: every image build forwards the agent or keys, on docker build's command line and in the bake, which gets its entitlements.</summary>
public sealed class SshForwardingTests
{
    private static readonly PlanningFacts Bakes = TestHost.ReferenceFacts() with { Buildx = new BuildxFacts("0.29.1", null) };

    [Fact]
    public void Each_docker_build_forwards_the_agent_and_the_keys()
    {
        var lines = TestHost.ShellLines(TestHost.Context(["--target", "BuildRuntime", "--framework", "vllm", "--ssh", "default", "--ssh", "git=/home/u/.ssh/id_ed25519,/home/u/.ssh/id_rsa", "--executor", "sequential"]));
        Assert.Equal(2, lines.Count);
        Assert.All(lines, line => Assert.Contains(
            " --label org.opencontainers.image.created=2026-01-02T03:04:05Z --ssh default --ssh git=/home/u/.ssh/id_ed25519,/home/u/.ssh/id_rsa /repo", line, StringComparison.Ordinal));
    }

    [Fact]
    public void The_bake_forwards_them_with_the_ssh_and_file_read_entitlements()
    {
        var bake = Assert.Single(TestHost.ShellLines(TestHost.Context(["--target", "BuildRuntime", "--framework", "vllm", "--ssh", "default", "--ssh", "git=/home/u/.ssh/id", "--executor", "bake"], Bakes)));
        Assert.StartsWith("docker buildx bake --file - --allow ssh --allow fs.read=/home/u/.ssh/id --progress rawjson default <<'BAKE'\n", bake, StringComparison.Ordinal);
        Assert.Equal(2, bake.Split("\"ssh\": [\n        \"default\",\n        \"git=/home/u/.ssh/id\"\n      ]").Length - 1);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData(".x")]
    [InlineData("git=")]
    [InlineData("git=/k,")]
    [InlineData("=/k")]
    public void A_spec_docker_cannot_read_is_refused_naming_the_option(string spec)
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context([$"--ssh={spec}"]));
        Assert.Equal($"--ssh '{spec}' is not an SSH forwarding spec: default, or ID=SOCKET or ID=KEY[,KEY] (docker build --ssh).", error.Message);
    }
}
