using Build.Execution;
using Build.Tests.Support;

namespace Build.Tests.Execution;

/// <summary>
/// A run that logs in gives docker a docker configuration of its own (RunDockerConfig); the dry run's lines do the
/// same, so that pasting them never writes the password into the user's docker configuration. Checked by pasting
/// the printed lines into bash with a recording docker on PATH.
/// </summary>
public sealed class DryRunDockerConfigTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("dry-run-docker-config-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public void The_login_and_every_later_docker_command_run_with_the_runs_own_folder_made_and_removed_around_them()
    {
        var lines = TestHost.ShellLines(TestHost.Context(["--target", "Publish", "--registry", "127.0.0.1:5000", "--allow-dirty", "--publish-image", "dynamo:v1-none",
            "--registry-user", "ci", "--dry-run"]));
        Assert.Equal(
            [
                "run_config=\"$(mktemp -d \"${TMPDIR:-/tmp}/dynamo-docker-config-XXXXXX\")\"",
                "printf '%s' \"$DOCKER_REGISTRY_PASSWORD\" | DOCKER_CONFIG=\"$run_config\" docker login --username ci --password-stdin 127.0.0.1:5000",
                "DOCKER_CONFIG=\"$run_config\" docker tag dynamo:v1-none 127.0.0.1:5000/dynamo:v1-none",
                "DOCKER_CONFIG=\"$run_config\" docker push 127.0.0.1:5000/dynamo:v1-none",
                "rm -rf \"$run_config\"",
            ],
            lines);
    }

    [Fact]
    public void Without_a_login_the_lines_name_no_folder()
    {
        var lines = TestHost.ShellLines(TestHost.Context(["--target", "Publish", "--registry", "127.0.0.1:5000", "--allow-dirty", "--publish-image", "dynamo:v1-none", "--dry-run"]));
        Assert.DoesNotContain(lines, l => l.Contains("DOCKER_CONFIG", StringComparison.Ordinal) || l.Contains("mktemp", StringComparison.Ordinal));
    }

    [Fact]
    public void The_folder_is_filled_as_the_real_run_fills_it_without_credentials_and_with_a_proxy_password_masked()
    {
        var user = Path.Combine(temp, "user");
        Directory.CreateDirectory(Path.Combine(user, "contexts"));
        File.WriteAllText(Path.Combine(user, "config.json"),
            """{"auths":{"r.example":{"auth":"dXNlcjpwYXNz"}},"credsStore":"desktop","currentContext":"remote","proxies":{"default":{"httpProxy":"http://bob:pr0xy@proxy:3128"}}}""");
        Assert.Equal(
            [
                $"printf '%s\\n' '{{\"currentContext\":\"remote\",\"proxies\":{{\"default\":{{\"httpProxy\":\"http://bob:***@proxy:3128\"}}}}}}' >\"$run_config/config.json\"",
                $"ln -s {user}/contexts \"$run_config/contexts\"",
            ],
            RunDockerConfig.ShellLines(user, "run_config"));
    }

    [Fact]
    [Trait("Category", "Process")]
    public void Pasting_the_dry_run_logs_in_with_its_own_folder_leaves_the_users_config_untouched_and_removes_the_folder()
    {
        var userConfig = Path.Combine(temp, "user-docker");
        Directory.CreateDirectory(Path.Combine(userConfig, "buildx"));
        File.WriteAllText(Path.Combine(userConfig, "config.json"), """{"psFormat":"table {{.ID}}"}""");
        var bin = Path.Combine(temp, "bin");
        Directory.CreateDirectory(bin);
        var calls = Path.Combine(temp, "calls");
        var tmp = Path.Combine(temp, "tmp");
        Directory.CreateDirectory(tmp);

        // A docker that records where its configuration is, and (login) stores the password there as docker does.
        var docker = Path.Combine(bin, "docker");
        File.WriteAllText(docker, """
            #!/bin/sh
            echo "$1 $DOCKER_CONFIG $(cat "$DOCKER_CONFIG/config.json" 2>/dev/null) $(readlink "$DOCKER_CONFIG/buildx")" >>'CALLS'
            if [ "$1" = login ]; then printf '{"auths":{"x":{"auth":"%s"}}}' "$(cat)" >"$DOCKER_CONFIG/config.json"; fi
            """.Replace("CALLS", calls, StringComparison.Ordinal));
        File.SetUnixFileMode(docker, (UnixFileMode)0b111_101_101);
        // The user's docker configuration is $DOCKER_CONFIG when set (docker's rule, RunDockerConfig.UserDirectory).
        var environment = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = userConfig, ["DOCKER_REGISTRY_PASSWORD"] = "pw-of-the-test" };

        var dryRun = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--target", "Publish", "--registry", "127.0.0.1:5000", "--allow-dirty",
            "--publish-image", "dynamo:v1-none", "--registry-user", "ci", "--dry-run"], RepoPaths.Root, environment);
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
        environment["TMPDIR"] = tmp;
        var pasted = Run.Process("bash", ["-e", "-c", dryRun.Output], temp, environment);

        Assert.True(pasted.ExitCode == 0, pasted.ToString());
        var recorded = File.ReadAllLines(calls);
        Assert.Equal(["login", "tag", "push"], recorded.Select(l => l.Split(' ')[0]));
        var folder = recorded[0].Split(' ')[1];
        Assert.StartsWith(Path.Combine(tmp, "dynamo-docker-config-"), folder, StringComparison.Ordinal);
        Assert.All(recorded, l => Assert.Equal(folder, l.Split(' ')[1]));
        Assert.Contains("""{"psFormat":"table {{.ID}}"}""", recorded[0], StringComparison.Ordinal);
        Assert.EndsWith(Path.Combine(userConfig, "buildx"), recorded[0], StringComparison.Ordinal);
        Assert.Equal("""{"psFormat":"table {{.ID}}"}""", File.ReadAllText(Path.Combine(userConfig, "config.json")));
        Assert.False(Directory.Exists(folder));
        Assert.Empty(Directory.GetFileSystemEntries(tmp));
    }
}
