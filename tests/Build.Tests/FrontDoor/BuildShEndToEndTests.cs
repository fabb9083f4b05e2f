using Build.Tests.Support;

namespace Build.Tests.FrontDoor;

/// <summary>
/// container/build.sh for real (bash, the bootstrap, the host) against a stub docker that records its argv:
/// a real run executes exactly the commands the dry run prints.
/// </summary>
[Trait("Category", "Process")]
public sealed class BuildShEndToEndTests : IClassFixture<WarmHost>
{
    private static Run.Result BuildSh(StubDocker docker, string[] args, string? buildExit = null) =>
        Run.Process(Path.Combine(RepoPaths.Container, "build.sh"), args, RepoPaths.Container, docker.Environment(buildExit));

    /// <summary>Splits dry-run lines the way a POSIX shell does.</summary>
    private static IReadOnlyList<string[]> ShellSplit(string lines)
    {
        var split = new List<string[]>();
        foreach (var line in lines.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var r = Run.Process("python3", ["-c", "import json,shlex,sys; print(json.dumps(shlex.split(sys.argv[1])))", line]);
            split.Add(Newtonsoft.Json.Linq.JArray.Parse(r.Output).Select(t => (string)t!).ToArray());
        }

        return split;
    }

    [Theory]
    [InlineData("--framework", "sglang", "--target", "runtime", "--build-arg", "NOTE=two words")]
    [InlineData("--target", "local-dev", "--uid", "2000", "--gid", "3000")]
    [InlineData("--framework", "trtllm")]
    [InlineData("--dev-image", "dynamo:latest-vllm", "--framework", "vllm", "--tag", "my-local:dev")]
    public void A_real_run_executes_exactly_what_the_dry_run_prints(params string[] args)
    {
        using var docker = new StubDocker();
        var dry = BuildSh(docker, [.. args, "--dry-run"]);
        Assert.Equal(0, dry.ExitCode);

        // The one docker call of a dry run: the client-only buildx version that chooses the executor (the stub's
        // buildx 0.13 cannot bake, so both runs are sequential, with a note saying why).
        Assert.Equal([["buildx", "version"]], docker.Calls);
        Assert.Contains("Building one image after another: the docker client 'docker' has buildx 0.13.1", dry.Error, StringComparison.Ordinal);

        var real = BuildSh(docker, args);
        Assert.True(real.ExitCode == 0, real.Error + real.Output);

        var printed = ShellSplit(dry.Output).Where(a => a[0] == "docker").Select(a => a[1..]).ToList();
        Assert.NotEmpty(printed);
        Assert.Equal(printed, docker.Builds);
    }

    [Fact]
    public void A_real_bake_run_sends_exactly_the_definition_the_dry_run_prints()
    {
        using var docker = new StubDocker();
        string[] args = ["--framework", "vllm", "--target", "runtime"];
        var environment = docker.Environment(buildxVersion: "0.29.1");
        var dry = Run.Process(Path.Combine(RepoPaths.Container, "build.sh"), [.. args, "--dry-run"], RepoPaths.Container, environment);
        Assert.True(dry.ExitCode == 0, dry.Error);

        var real = Run.Process(Path.Combine(RepoPaths.Container, "build.sh"), args, RepoPaths.Container, environment);
        Assert.True(real.ExitCode == 0, real.Error + real.Output);

        // The dry run's one command: the bake, its definition as a here-document; the real run: the same argv, the same definition on stdin.
        var heredoc = dry.Output.IndexOf(" <<'BAKE'\n", StringComparison.Ordinal);
        Assert.True(heredoc > 0, dry.Output);
        var printedArgv = ShellSplit(dry.Output[..heredoc]).Single();
        var definition = dry.Output[(heredoc + " <<'BAKE'\n".Length)..dry.Output.LastIndexOf("\nBAKE", StringComparison.Ordinal)];
        Assert.Equal(printedArgv[1..], docker.Calls.Single(c => c is ["buildx", "bake", ..]));
        Assert.Equal(definition + "\n", docker.BakeDefinition);
        Assert.Empty(docker.Builds);
        Assert.Equal(2, Newtonsoft.Json.Linq.JObject.Parse(definition)["target"]!.Count());
    }

    [Fact]
    public void A_failing_build_stops_the_run_with_dockers_exit_code_and_names_the_image()
    {
        using var docker = new StubDocker();
        var result = BuildSh(docker, ["--framework", "vllm", "--target", "runtime"], buildExit: "7");

        Assert.Equal(7, result.ExitCode);
        Assert.Single(docker.Builds);
        Assert.Contains("dynamo-base:", result.Error, StringComparison.Ordinal);
        Assert.Contains("exited with code 7", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tag", "--dry-run")]
    [InlineData("--framework", "foo")]
    [InlineData("--uid", "1001")]
    [InlineData("--bogus")]
    public void Bad_input_exits_2_with_one_line_and_runs_no_docker(params string[] args)
    {
        using var docker = new StubDocker();
        var result = BuildSh(docker, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.StartsWith("ERROR: ", result.Error, StringComparison.Ordinal);
        Assert.Empty(docker.Calls);
    }

    [Fact]
    public void Help_works_and_runs_no_docker()
    {
        using var docker = new StubDocker();
        var result = BuildSh(docker, ["--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--dev-image", result.Output, StringComparison.Ordinal);
        Assert.Empty(docker.Calls);
    }
}
