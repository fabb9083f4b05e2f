using Build.Execution;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Execution;

/// <summary>The run's own docker configuration (docs/decisions.md §4.4): the user's settings without credentials, their plugins, removed afterwards.</summary>
public sealed class RunDockerConfigTests : IDisposable
{
    private readonly string user = Directory.CreateTempSubdirectory("user-docker-config-").FullName;

    [Fact]
    public void The_users_settings_are_kept_and_their_logins_and_credential_helpers_are_not()
    {
        File.WriteAllText(Path.Combine(user, "config.json"),
            """{"auths":{"r.example":{"auth":"dXNlcjpwYXNz"}},"credsStore":"desktop","credHelpers":{"gcr.io":"gcloud"},"psFormat":"table {{.ID}}","currentContext":"remote"}""");

        var json = JObject.Parse(RunDockerConfig.WithoutCredentials(Path.Combine(user, "config.json")));

        Assert.Equal(["psFormat", "currentContext"], json.Properties().Select(p => p.Name));
        Assert.Equal("remote", (string?)json["currentContext"]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not json {")]
    public void Without_a_readable_user_file_the_run_starts_from_an_empty_configuration(string? content)
    {
        if (content is not null)
        {
            File.WriteAllText(Path.Combine(user, "config.json"), content);
        }

        Assert.Equal("{}\n", RunDockerConfig.WithoutCredentials(Path.Combine(user, "config.json")));
    }

    [Fact]
    public void The_folder_links_the_users_plugins_contexts_and_builders_and_disposing_removes_it_but_not_them()
    {
        foreach (var folder in RunDockerConfig.LinkedFolders)
        {
            Directory.CreateDirectory(Path.Combine(user, folder));
            File.WriteAllText(Path.Combine(user, folder, "kept"), folder);
        }

        var config = RunDockerConfig.Create(user);
        Assert.StartsWith(Path.GetTempPath(), config.Directory, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(config.Directory));
        Assert.Equal("{}\n", File.ReadAllText(Path.Combine(config.Directory, "config.json")));
        foreach (var folder in RunDockerConfig.LinkedFolders)
        {
            Assert.Equal(folder, File.ReadAllText(Path.Combine(config.Directory, folder, "kept")));
        }

        config.Dispose();
        Assert.False(Directory.Exists(config.Directory));
        foreach (var folder in RunDockerConfig.LinkedFolders)
        {
            Assert.Equal(folder, File.ReadAllText(Path.Combine(user, folder, "kept")));
        }
    }

    [Fact]
    public void The_user_directory_is_DOCKER_CONFIG_else_dot_docker_in_HOME()
    {
        Assert.Equal("/cfg", RunDockerConfig.UserDirectory(v => v == "DOCKER_CONFIG" ? "/cfg" : "/home/u"));
        Assert.Equal("/home/u/.docker", RunDockerConfig.UserDirectory(v => v == "HOME" ? "/home/u" : null));
    }

    /// <summary>The real docker client finds a plugin that lives only in the user's cli-plugins folder through the run's configuration.</summary>
    [Fact]
    [Trait("Category", "Integration")]
    public void The_real_docker_client_finds_the_users_own_cli_plugin_through_the_runs_configuration()
    {
        var plugins = Directory.CreateDirectory(Path.Combine(user, "cli-plugins")).FullName;
        var plugin = Path.Combine(plugins, "docker-itestplugin");
        File.WriteAllText(plugin, """
            #!/bin/sh
            if [ "$1" = docker-cli-plugin-metadata ]; then
              echo '{"SchemaVersion":"0.1.0","Vendor":"test","Version":"1.0","ShortDescription":"test plugin"}'
              exit 0
            fi
            echo "plugin ran: $*"
            """.Replace("\r", ""));
        File.SetUnixFileMode(plugin, (UnixFileMode)0b111_101_101);

        using var config = RunDockerConfig.Create(user);
        var result = Run.Process("docker", ["itestplugin", "hello"], environment: new Dictionary<string, string?> { ["DOCKER_CONFIG"] = config.Directory });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("plugin ran: itestplugin hello\n", result.Output);
    }

    [Fact]
    [Trait("Category", "Process")]
    public void A_folder_left_by_a_killed_run_is_removed_by_the_next_and_one_in_use_is_kept()
    {
        // Two runs' folders, each with its lock held by a real process (flock, as the host holds it); one is killed -9.
        var temp = Directory.CreateTempSubdirectory("config-leftovers-").FullName;
        var holders = new List<System.Diagnostics.Process>();
        try
        {
            string Folder(string name)
            {
                var folder = Directory.CreateDirectory(Path.Combine(temp, $"{RunDockerConfig.Prefix}{name}")).FullName;
                File.WriteAllText(Path.Combine(folder, "config.json"), "{\"auths\":{\"r\":{\"auth\":\"c2VjcmV0\"}}}");
                var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("python3",
                    ["-c", "import fcntl, sys; f = open(sys.argv[1], 'w'); fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()", Path.Combine(folder, RunDockerConfig.LockFile)])
                {
                    RedirectStandardInput = true,
                    RedirectStandardOutput = true,
                })!;
                Assert.Equal("held", holder.StandardOutput.ReadLine());
                holders.Add(holder);
                return folder;
            }

            var killed = Folder("111111-abc");
            var live = Folder("222222-def");
            holders[0].Kill();
            holders[0].WaitForExit();

            // A folder of the old naming (no pid) is not judged; one being made (no lock yet) whose pid is alive is kept.
            var old = Directory.CreateDirectory(Path.Combine(temp, $"{RunDockerConfig.Prefix}xyz")).FullName;
            var making = Directory.CreateDirectory(Path.Combine(temp, $"{RunDockerConfig.Prefix}{Environment.ProcessId}-ghi")).FullName;

            Assert.Equal([killed], RunDockerConfig.RemoveLeftovers(temp));
            Assert.False(Directory.Exists(killed));
            Assert.True(Directory.Exists(live));
            Assert.True(Directory.Exists(old));
            Assert.True(Directory.Exists(making));
        }
        finally
        {
            foreach (var holder in holders.Where(h => !h.HasExited))
            {
                holder.Kill();
            }

            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void The_folder_holds_its_lock_while_the_run_lives_and_is_private_to_the_user()
    {
        using var config = RunDockerConfig.Create(user);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(config.Directory));
        Assert.StartsWith($"{RunDockerConfig.Prefix}{Environment.ProcessId}-", Path.GetFileName(config.Directory), StringComparison.Ordinal);
        Assert.DoesNotContain(config.Directory, RunDockerConfig.RemoveLeftovers(Path.GetDirectoryName(config.Directory)!));
        Assert.True(Directory.Exists(config.Directory));
    }

    public void Dispose() => Directory.Delete(user, recursive: true);
}
