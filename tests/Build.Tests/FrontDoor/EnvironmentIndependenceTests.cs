using Build.Tests.Support;

namespace Build.Tests.FrontDoor;

/// <summary>docs/decisions.md §2.3: variables read by accident change nothing.</summary>
[Trait("Category", "Process")]
public sealed class EnvironmentIndependenceTests : IClassFixture<WarmHost>
{
    [Fact]
    public void Exported_script_variables_do_not_change_the_plan()
    {
        var script = Path.Combine(RepoPaths.Container, "build.sh");
        var clean = Run.Process(script, ["--dry-run"], RepoPaths.Container);
        var polluted = Run.Process(script, ["--dry-run"], RepoPaths.Container, new Dictionary<string, string?>
        {
            ["FRAMEWORK"] = "SGLANG",
            ["TARGET"] = "runtime",
            ["BASE_IMAGE"] = "evil/base",
            ["BASE_IMAGE_TAG"] = "1",
            ["BUILD_ARGS"] = "--build-arg EVIL=1",
            ["ENABLE_KVBM"] = "false",
            ["RELEASE_BUILD"] = "true",
            ["DEV_IMAGE_INPUT"] = "x",
            ["CUSTOM_UID"] = "5",
            ["CACHE_FROM"] = "--cache-from x",
            ["BUILD_CONTEXT_ARG"] = "--build-context a=/b",
            ["TAG"] = "--tag evil",
        });

        Assert.Equal(0, clean.ExitCode);
        Assert.Equal(clean.Output, polluted.Output);
        Assert.DoesNotContain("evil", polluted.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_in_the_environment_appear_only_as_secret_references()
    {
        var result = Run.Process(Path.Combine(RepoPaths.Container, "build.sh"), ["--dry-run", "--executor", "sequential"], RepoPaths.Container,
            new Dictionary<string, string?> { ["HF_TOKEN"] = "hf_supersecretvalue", ["GITHUB_TOKEN"] = "ghp_supersecretvalue" });

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("supersecretvalue", result.Output + result.Error, StringComparison.Ordinal);
        Assert.Contains("--secret id=HF_TOKEN,env=HF_TOKEN", result.Output, StringComparison.Ordinal);
        Assert.Contains("--secret id=GITHUB_TOKEN,env=GITHUB_TOKEN", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_in_the_environment_appear_only_as_secret_references_in_the_bake_definition()
    {
        var plan = Path.Combine(Path.GetTempPath(), $"plan-{Guid.NewGuid():N}.json");

        // --executor bake asks the client for its buildx version: a stub client with one that bakes (no engine needed).
        using var docker = new StubDocker();
        var environment = docker.Environment(buildxVersion: "0.29.1");
        environment["HF_TOKEN"] = "hf_supersecretvalue";
        environment["GITHUB_TOKEN"] = "ghp_supersecretvalue";
        try
        {
            var result = Run.Process(Path.Combine(RepoPaths.Container, "build.sh"), ["--dry-run", "--executor", "bake", "--plan-json", plan], RepoPaths.Container, environment);

            Assert.True(result.ExitCode == 0, result.Error);
            Assert.DoesNotContain("supersecretvalue", result.Output + result.Error + File.ReadAllText(plan), StringComparison.Ordinal);
            Assert.StartsWith("docker buildx bake --file - ", result.Output, StringComparison.Ordinal);
            var secrets = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(plan))["bake"]!["definition"]!["target"]!
                .Children<Newtonsoft.Json.Linq.JProperty>().SelectMany(t => t.Value["secret"]!.Select(s => (string)s!)).ToList();
            Assert.Contains("id=HF_TOKEN,env=HF_TOKEN", secrets);
            Assert.Contains("id=GITHUB_TOKEN,env=GITHUB_TOKEN", secrets);
        }
        finally
        {
            File.Delete(plan);
        }
    }

    [Fact]
    public void Cakes_dryrun_spelling_is_the_suites_dry_run_and_runs_no_docker()
    {
        // One dry run (docs/decisions.md §5.2): --dryrun prints exactly what --dry-run prints.
        using var docker = new StubDocker();
        var cake = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "BuildLocalDev", "--dryrun"], RepoPaths.Root, docker.Environment());
        var suite = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "BuildLocalDev", "--dry-run"], RepoPaths.Root, docker.Environment());

        Assert.Equal(0, cake.ExitCode);
        Assert.Contains(Path.Combine(RepoPaths.Root, "container", "Dockerfile.local_dev"), cake.Output, StringComparison.Ordinal);
        Assert.Equal(suite.Output, cake.Output);

        // The only docker call of a dry run is the client's own buildx version (the executor's fact; no engine).
        Assert.All(docker.Calls, call => Assert.Equal(["buildx", "version"], call));
        Assert.Equal(2, docker.Calls.Count);
    }
}
