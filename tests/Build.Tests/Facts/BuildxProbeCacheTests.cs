using Build.Facts;

namespace Build.Tests.Facts;

/// <summary>The kept <c>docker buildx version</c> answer (docs/decisions.md §3.1): valid only while no file that decides it changed.</summary>
public sealed class BuildxProbeCacheTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("buildx-cache-").FullName;

    private string Client => Path.Combine(root, "bin", "docker");

    private string Config => Path.Combine(root, "config");

    private string? Env(string name) => name switch
    {
        "DOCKER_CONFIG" => Config,
        "PATH" => Path.Combine(root, "bin"),
        "HOME" => root,
        _ => null,
    };

    public BuildxProbeCacheTests()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Client)!);
        File.WriteAllText(Client, "client 1");
        Directory.CreateDirectory(Config);
    }

    [Fact]
    public void An_answer_is_read_back_for_the_same_files_and_missed_when_the_client_or_a_plugin_changes()
    {
        var file = Path.Combine(root, "cache", "buildx-version.json");
        var key = BuildxProbeCache.Key(null, Env)!;
        Assert.Null(BuildxProbeCache.Read(file, key));

        BuildxProbeCache.Write(file, key, new BuildxFacts("0.29.1+ds1", null));
        Assert.Equal(new BuildxFacts("0.29.1+ds1", null), BuildxProbeCache.Read(file, key));
        Assert.Equal(key, BuildxProbeCache.Key(null, Env));

        // A plugin installed in the user's plugin folder is a new answer.
        Directory.CreateDirectory(Path.Combine(Config, "cli-plugins"));
        File.WriteAllText(Path.Combine(Config, "cli-plugins", "docker-buildx"), "plugin");
        var withPlugin = BuildxProbeCache.Key(null, Env)!;
        Assert.NotEqual(key, withPlugin);
        Assert.Null(BuildxProbeCache.Read(file, withPlugin));

        // So is another client, found on the PATH or named with --docker-path.
        File.WriteAllText(Client, "client 2, a different size");
        Assert.NotEqual(withPlugin, BuildxProbeCache.Key(null, Env));
        Assert.NotEqual(BuildxProbeCache.Key(null, Env), BuildxProbeCache.Key(Path.Combine(root, "elsewhere", "..", "bin", "docker2"), Env));
    }

    [Fact]
    public void A_client_that_is_not_there_or_a_config_adding_plugin_folders_is_never_cached()
    {
        Assert.Null(BuildxProbeCache.Key(Path.Combine(root, "no-such-docker"), Env));
        Assert.Null(BuildxProbeCache.Key(null, name => name == "PATH" ? Path.Combine(root, "empty") : Env(name)));

        File.WriteAllText(Path.Combine(Config, "config.json"), """{ "cliPluginsExtraDirs": ["/opt/plugins"] }""");
        Assert.Null(BuildxProbeCache.Key(null, Env));
    }

    [Fact]
    public void A_failed_probe_is_not_kept_and_a_damaged_file_is_a_miss()
    {
        var file = Path.Combine(root, "buildx-version.json");
        var key = BuildxProbeCache.Key(null, Env)!;
        BuildxProbeCache.Write(file, key, new BuildxFacts(null, "docker: 'buildx' is not a docker command."));
        Assert.False(File.Exists(file));

        File.WriteAllText(file, "{ not json");
        Assert.Null(BuildxProbeCache.Read(file, key));
        File.WriteAllText(file, """{ "key": { "a": 1 }, "version": [ "0.29.1" ] }""");
        Assert.Null(BuildxProbeCache.Read(file, key));
    }

    [Fact]
    public void A_dry_run_probes_and_keeps_nothing_a_real_run_keeps_and_the_next_run_does_not_probe()
    {
        var file = Path.Combine(root, "buildx-version.json");
        var key = BuildxProbeCache.Key(null, Env);
        var probes = 0;
        BuildxFacts Probe()
        {
            probes++;
            return new BuildxFacts("0.29.1", null);
        }

        Assert.Equal("0.29.1", BuildxProbeCache.Through(file, key, keep: false, Probe).Version);
        Assert.False(File.Exists(file));
        Assert.Equal("0.29.1", BuildxProbeCache.Through(file, key, keep: true, Probe).Version);
        Assert.True(File.Exists(file));
        Assert.Equal("0.29.1", BuildxProbeCache.Through(file, key, keep: false, Probe).Version);
        Assert.Equal(2, probes);

        // Nothing to key on: every run probes, nothing is kept.
        File.Delete(file);
        BuildxProbeCache.Through(file, null, keep: true, Probe);
        Assert.False(File.Exists(file));
        Assert.Equal(3, probes);
    }

    [Fact]
    public void The_file_lives_beside_the_host_folder_never_inside_it()
    {
        Assert.Equal("/clone/.build/buildx-version.json", BuildxProbeCache.File("/clone/.build/host/"));
        Assert.Equal("/clone/.build/buildx-version.json", BuildxProbeCache.File("/clone/.build/host"));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
