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

    public void Dispose() => Directory.Delete(user, recursive: true);
}
