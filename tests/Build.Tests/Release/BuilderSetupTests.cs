using Build.Tests.Release.Support;
using Build.Tests.Support;

namespace Build.Tests.Release;

/// <summary>
/// tools/create-builder.sh with the real docker client and buildx, in a docker configuration of the test's own: a
/// remote builder with one node per architecture (endpoints where nothing listens: nothing here serves BuildKit's
/// API), made once and left alone the second time; bad arguments refused. The host then plans a two-platform release
/// on it as it would on a pool of build machines (the multi-node path, as far as this machine allows): the dry run reads the
/// nodes' platforms without starting them, and a real run stops before any work because the nodes do not answer.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BuilderSetupTests : IDisposable
{
    private readonly string config = Directory.CreateTempSubdirectory("docker-config-").FullName;
    private readonly string name = $"{TestRun.Prefix}-pool";

    private Dictionary<string, string?> Environment => new() { ["DOCKER_CONFIG"] = config, ["GITHUB_ACTIONS"] = null };

    private Run.Result Script(params string[] args) => Run.Process(Path.Combine(RepoPaths.Root, "tools", "create-builder.sh"), args, environment: Environment);

    [Fact]
    public void The_script_makes_one_node_per_architecture_once_and_the_host_plans_a_release_on_it()
    {
        DockerCli.Require();
        var made = Script("--name", name, "--amd64", "tcp://127.0.0.1:1", "--arm64", "tcp://127.0.0.1:2");
        Assert.True(made.ExitCode == 0, made.ToString());
        Assert.Contains($"  {name}-amd64: created (linux/amd64, driver remote, tcp://127.0.0.1:1)", made.Output, StringComparison.Ordinal);
        Assert.Contains($"  {name}-arm64: created (linux/arm64, driver remote, tcp://127.0.0.1:2)", made.Output, StringComparison.Ordinal);

        var again = Script("--name", name, "--amd64", "tcp://127.0.0.1:1", "--arm64", "tcp://127.0.0.1:2");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains($"  {name}-amd64: unchanged", again.Output, StringComparison.Ordinal);
        Assert.Contains($"  {name}-arm64: unchanged", again.Output, StringComparison.Ordinal);

        // The dry run reads the nodes (not started: their platforms were set at create) and plans one bake, then the pushes.
        using var checkout = new TinyCheckout();
        string[] release = ["--repo-root", checkout.Path, "--framework", "none", "--target", "BuildRuntime", "--target", "Publish", "--builder", name,
            "--platform", "linux/amd64,linux/arm64", "--registry", "127.0.0.1:5000/team", "--allow-dirty"];
        var dry = EppInputs.Host(Environment, [.. release, "--dry-run"]);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains($"Builder '{name}' (driver remote): linux/amd64 on {name}-amd64; linux/arm64 on {name}-arm64.", dry.Error, StringComparison.Ordinal);
        var lines = dry.Output.Split('\n').Where(l => l.StartsWith("docker ", StringComparison.Ordinal)).ToList();
        Assert.StartsWith($"docker buildx bake --file - --builder {name} ", lines[0], StringComparison.Ordinal);
        Assert.Equal(2, lines.Count(l => l.Contains(",push=true", StringComparison.Ordinal)));
        Assert.StartsWith("docker buildx imagetools create ", lines[^1], StringComparison.Ordinal);

        // The real run starts the nodes first: nothing answers, so one line and exit 1 before anything is built.
        var real = EppInputs.Host(Environment, release);
        Assert.Equal(1, real.ExitCode);
        var line = Assert.Single(real.ErrorLines);
        Assert.StartsWith($"ERROR: --builder '{name}': ", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--name,-bad,--amd64,tcp://h:1", "create-builder: --name '-bad' is not a builder name")]
    [InlineData("--name,p,--amd64,tcp://h:1,--cacert,/no/such/ca.pem", "create-builder: --cacert '/no/such/ca.pem': no such file")]
    [InlineData("--name,p,--amd64,h:1", "create-builder: --amd64 'h:1' is not a BuildKit endpoint")]
    [InlineData("--name,p", "create-builder: give at least one node")]
    [InlineData("--name,p,--kubernetes,--amd64,tcp://h:1", "create-builder: --kubernetes runs BuildKit in pods")]
    public void Bad_arguments_get_one_line_and_exit_2_and_nothing_is_made(string args, string start)
    {
        var result = Script(args.Split(','));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(start, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(config, "buildx", "instances")) && Directory.EnumerateFiles(Path.Combine(config, "buildx", "instances")).Any());
    }

    public void Dispose() => Directory.Delete(config, recursive: true);
}
