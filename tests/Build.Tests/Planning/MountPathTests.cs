using Build.Options;
using Build.Tests.RunContainerSupport;

namespace Build.Tests.Planning;

/// <summary>
/// A host path with a ':' cannot be written in docker's -v SOURCE:TARGET (docker splits at each ':' and mounts the
/// wrong thing): RunContainer mounts it with the long form --mount type=bind,source=...,target=...; every other
/// mount keeps run.sh's -v (docs/decisions.md §1.6). Facts: repository at /repo, called from /repo/container.
/// </summary>
public sealed class MountPathTests
{
    [Fact]
    public void An_hf_cache_path_with_a_colon_is_mounted_with_the_long_form()
    {
        var argv = RunTestHost.Argv(RunTestHost.Context(["--target", "RunContainer", "--hf-home", "/data/hf:cache", "--dry-run"]));
        Assert.Equal("type=bind,source=/data/hf:cache,target=/home/dynamo/.cache/huggingface", argv[Array.IndexOf(argv, "--mount") + 1]);
        Assert.DoesNotContain("-v", argv);
    }

    [Fact]
    public void A_repository_path_with_a_colon_is_mounted_with_the_long_form_and_the_rest_keep_v()
    {
        var facts = RunTestHost.Facts() with { RepoRoot = "/src/a:b", WorkingDirectory = "/src/a:b" };
        var argv = RunTestHost.Argv(RunTestHost.Context(["--target", "RunContainer", "--mount-workspace", "--hf-home", "none", "--dry-run"], facts));
        Assert.Equal(["-v", "/tmp:/tmp", "-v", "/mnt/:/mnt", "--mount", "type=bind,source=/src/a:b,target=/workspace"],
            argv.Where((a, i) => a is "-v" or "--mount" || (i > 0 && argv[i - 1] is "-v" or "--mount")));
    }

    [Theory]
    [InlineData("/data/hf\ncache", "U+000A")]
    [InlineData("/data/hf\u001b[31m", "U+001B")]
    public void An_hf_home_from_the_environment_with_a_control_character_is_refused_naming_it(string hfHome, string character)
    {
        var facts = RunTestHost.Facts(hfHomeEnvironment: hfHome);
        var error = Assert.Throws<UsageException>(() => RunTestHost.Context(["--target", "RunContainer", "--mount-workspace", "--dry-run"], facts));
        Assert.Equal($"the HF cache (HF_HOME): the host path has a control character ({character}), which no mount can name as given: use a path without one.", error.Message);
    }

    [Fact]
    public void A_relative_volume_in_a_folder_with_a_colon_keeps_ro_and_quotes_a_comma()
    {
        var facts = RunTestHost.Facts() with { WorkingDirectory = "/w/x:y,z" };
        var argv = RunTestHost.Argv(RunTestHost.Context(["--target", "RunContainer", "--volume", "./data:/data:ro", "--dry-run"], facts));
        Assert.Equal("type=bind,\"source=/w/x:y,z/data\",target=/data,readonly", argv[Array.IndexOf(argv, "--mount") + 1]);
    }

    [Fact]
    public void A_mount_option_the_long_form_lacks_is_refused_for_a_path_with_a_colon()
    {
        var facts = RunTestHost.Facts() with { WorkingDirectory = "/w/x:y" };
        var error = Assert.Throws<UsageException>(() => RunTestHost.Context(["--target", "RunContainer", "--volume", "./data:/data:z", "--dry-run"], facts));
        Assert.Equal(
            "-v/--volume './data:/data:z': the host path '/w/x:y/data' has a ':', which docker's -v cannot hold, and --mount (which can) has no 'z' option: mount a path without ':' (a symbolic link to it), or drop the options.",
            error.Message);
    }

    [Fact]
    public void Paths_without_a_colon_keep_run_shs_v()
    {
        var argv = RunTestHost.Argv(RunTestHost.Context(["--target", "RunContainer", "--hf-home", "/data/hf", "--volume", "/a,b:/b:ro", "--dry-run"]));
        Assert.DoesNotContain("--mount", argv);
        Assert.Contains("/a,b:/b:ro", argv);
        Assert.Contains("/data/hf:/home/dynamo/.cache/huggingface", argv);
    }
}
