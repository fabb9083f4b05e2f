using Build.Docker;
using Build.Execution;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Execution;

/// <summary>
/// The executor through the real host (./build.sh) against a stub docker: the report on failure, and what the logs
/// show of secret arguments, in every channel (the host's own verbose line, Cake's tool log, the error line).
/// </summary>
public sealed class StepRunnerTests
{
    private static Run.Result Host(StubDocker docker, string[] args, string? buildExit = null, IDictionary<string, string?>? extra = null)
    {
        var environment = docker.Environment(buildExit);
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), args, RepoPaths.Root, environment);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void A_failed_build_is_in_the_report_with_dockers_exit_code_and_the_builds_after_it_are_not_run()
    {
        using var docker = new StubDocker();
        var dir = Directory.CreateTempSubdirectory("report-").FullName;
        try
        {
            var report = Path.Combine(dir, "report.json");
            var result = Host(docker, ["--target", "BuildRuntime", "--report-json", report], buildExit: "7");

            Assert.Equal(7, result.ExitCode);
            Assert.Single(docker.Builds);
            var json = JObject.Parse(File.ReadAllText(report));
            Assert.False((bool)json["succeeded"]!);
            var failed = Assert.Single((JArray)json["images"]!);
            Assert.Equal("BuildBaseImage", (string?)failed["task"]);
            Assert.Equal(7, (int)failed["failedExitCode"]!);
            Assert.StartsWith("dynamo-base:", (string)failed["tags"]![0]!, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Process")]
    public void A_login_and_every_docker_call_after_it_use_the_runs_own_configuration_which_is_removed_at_the_end()
    {
        using var docker = new StubDocker();
        var user = Directory.CreateTempSubdirectory("user-docker-config-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(user, "config.json"), """{"auths":{"r.example":{"auth":"dXNlcjpwYXNz"}}}""");
            var result = Host(docker, ["--target", "Publish", "--registry", "127.0.0.1:5000/t", "--registry-user", "ci", "--publish-image", "x/y:z", "--allow-dirty", "--allow-untagged"],
                extra: new Dictionary<string, string?> { ["DOCKER_CONFIG"] = user, ["DOCKER_REGISTRY_PASSWORD"] = "pw" });

            Assert.True(result.ExitCode == 0, result.ToString());
            var calls = docker.Calls;
            var configs = docker.DockerConfigs;
            Assert.Equal(calls.Count, configs.Count);
            var login = calls.ToList().FindIndex(c => c[0] == "login");
            Assert.True(login >= 0, "no docker login: " + string.Join(" | ", calls.Select(c => string.Join(' ', c))));
            Assert.Contains(calls.Skip(login), c => c[0] == "push");

            // Before the login docker reads the user's folder; from the login on, one folder of the run's own, gone afterwards.
            Assert.All(configs.Take(login), c => Assert.Equal(user, c));
            var own = configs[login];
            Assert.NotEqual(user, own);
            Assert.StartsWith(Path.GetTempPath(), own, StringComparison.Ordinal);
            Assert.All(configs.Skip(login), c => Assert.Equal(own, c));
            Assert.False(Directory.Exists(own));
            Assert.Equal("""{"auths":{"r.example":{"auth":"dXNlcjpwYXNz"}}}""", File.ReadAllText(Path.Combine(user, "config.json")));
        }
        finally
        {
            Directory.Delete(user, recursive: true);
        }
    }

    [Fact]
    [Trait("Category", "Process")]
    public void A_secret_argument_is_redacted_in_every_log_line_and_reaches_docker_unchanged()
    {
        using var docker = new StubDocker();
        const string spec = "id=itest-redaction,env=ITEST_REDACTION_SPEC";
        var result = Host(docker, ["--target", "BuildRuntime", "--exclusive", "--secret", spec, "--verbosity", "diagnostic"], buildExit: "5");

        Assert.Equal(5, result.ExitCode);
        var build = Assert.Single(docker.Builds);
        Assert.Equal(spec, build[Array.IndexOf(build, spec)]);
        var logs = result.Output + result.Error;
        Assert.DoesNotContain(spec, logs, StringComparison.Ordinal);
        Assert.DoesNotContain("ITEST_REDACTION_SPEC", logs, StringComparison.Ordinal);

        // The host's own verbose line of the command (shell-quoted) and Cake's "Executing:" line of the tool.
        var lines = logs.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\x1b\\[[0-9;]*m", string.Empty)).ToList();
        Assert.Contains(lines, l => l.StartsWith("docker build ", StringComparison.Ordinal) && l.Contains(" --secret '[REDACTED]' ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Executing: ", StringComparison.Ordinal) && l.Contains(" --secret [REDACTED] ", StringComparison.Ordinal));
    }

    [Fact]
    public void Cakes_process_arguments_show_a_secret_as_redacted_and_pass_it_exactly()
    {
        var settings = new DockerBuildSettings { File = "/r/Dockerfile", ContextPath = "/r", Secrets = ["id=s,env=V"], Tags = ["t:1"] };
        var arguments = DockerTool.ToProcessArguments(settings);
        Assert.Contains("--secret [REDACTED]", arguments.RenderSafe(), StringComparison.Ordinal);
        Assert.DoesNotContain("id=s,env=V", arguments.RenderSafe(), StringComparison.Ordinal);
        Assert.Contains("id=s,env=V", arguments.Render(), StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void An_empty_registry_password_is_refused_before_any_docker_command()
    {
        using var docker = new StubDocker();
        using var checkout = new TempGitRepo();
        checkout.Commit();
        RepoPaths.MakeContainerFolder(checkout.Path);
        var result = Host(docker,
            ["--target", "Publish", "--repo-root", checkout.Path, "--allow-dirty", "--registry", "127.0.0.1:5000", "--publish-image", "x:1",
             "--registry-user", "bob", "--registry-password-env", "ITEST_EMPTY_PW"],
            extra: new Dictionary<string, string?> { ["ITEST_EMPTY_PW"] = "" });

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "ERROR: --registry-user bob: the password variable ITEST_EMPTY_PW is empty or unset; export it (or name another with --registry-password-env VAR): the password never goes on the command line.",
            result.ErrorLines.Single(l => l.StartsWith("ERROR:", StringComparison.Ordinal)));
        Assert.DoesNotContain(docker.Calls, c => c.Length > 0 && c[0] is "login" or "push" or "tag");
    }
}
