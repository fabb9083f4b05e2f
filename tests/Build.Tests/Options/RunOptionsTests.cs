using Build.Options;

namespace Build.Tests.Options;

/// <summary>RunContainer's options: defaults, accepted values, and what they mean (docs/decisions.md §1.6, §2.5, §2.14).</summary>
public sealed class RunOptionsTests
{
    private static RunOptions Parse(params string[] words) =>
        RunOptions.Parse(ArgumentParser.Parse(words, BuildContext.OptionSpecs));

    [Fact]
    public void Defaults_are_the_originals_except_gpu_detection()
    {
        var options = Parse();
        Assert.Null(options.Image);
        Assert.Equal("auto", options.Gpus);
        Assert.True(options.GpusAuto);
        Assert.Equal("/workspace", options.Workdir);
        Assert.Equal("host", options.Network);
        Assert.True(options.Remove);
        Assert.False(options.Privileged);
        Assert.False(options.Interactive);
        Assert.Empty(options.Command);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("tRuE", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    public void Privileged_and_rm_take_true_or_false_in_any_case(string value, bool expected)
    {
        var options = Parse("--privileged", value, "--rm", value);
        Assert.Equal(expected, options.Privileged);
        Assert.Equal(expected, options.Remove);
    }

    [Theory]
    [InlineData("root", true)]
    [InlineData("0", true)]
    [InlineData("0:0", true)]
    [InlineData("root:root", true)]
    [InlineData("0:root", true)]
    [InlineData("00", true)]
    [InlineData("dynamo", false)]
    [InlineData("1000", false)]
    [InlineData("1000:0", false)]
    [InlineData("rootless", false)]
    public void Root_is_recognised_by_name_or_uid_with_any_group(string user, bool root)
    {
        Assert.Equal(root, Parse("--user", user).UserIsRoot);
    }

    [Theory]
    [InlineData("8000:8000")]
    [InlineData("127.0.0.1:9081:8081")]
    [InlineData("8000-8010:8000-8010")]
    [InlineData("8000-8010:8000")]
    [InlineData("5353:53/udp")]
    [InlineData("[::1]:8080:80/tcp")]
    public void Ports_of_the_form_ip_host_container_proto_are_accepted(string port)
    {
        Assert.Equal([port], Parse("--network", "bridge", "--port", port).Ports);
    }

    [Theory]
    [InlineData("/data:/data")]
    [InlineData("/data:/data:ro")]
    [InlineData("/data:/data:ro,z")]
    [InlineData("my-volume:/cache")]
    [InlineData("./rel:/rel")]
    [InlineData("../up:/up")]
    [InlineData("/home/me/.cache:/home/dynamo/.cache")]
    public void Volumes_of_host_paths_and_named_volumes_are_accepted(string volume)
    {
        Assert.Equal(volume, Assert.Single(Parse("--volume", volume).Volumes).ToString());
    }

    [Theory]
    [InlineData("host")]
    [InlineData("bridge")]
    [InlineData("none")]
    [InlineData("container:redis")]
    [InlineData("container:0123abcd")]
    [InlineData("my-net_1.x")]
    public void Networks_are_host_bridge_none_container_or_a_name(string network)
    {
        Assert.Equal(network, Parse("--network", network).Network);
    }

    [Theory]
    [InlineData("FOO=bar")]
    [InlineData("HF_TOKEN")]
    [InlineData("EMPTY=")]
    [InlineData("NOTE=a=b c")]
    public void Env_is_key_value_or_a_name_passed_through(string env)
    {
        Assert.Equal([env], Parse("--env", env).Environment);
    }

    [Fact]
    public void Hf_cache_is_an_alias_of_hf_home()
    {
        Assert.Equal("/hf", Parse("--hf-cache", "/hf").HfHome);
        Assert.True(Parse("--hf-home", "None").HfHomeDisabled);
    }

    [Fact]
    public void The_command_after_the_separator_is_kept_word_for_word()
    {
        Assert.Equal(["bash", "-c", "echo \"$HOME\" *", "--image", "--", ""], Parse("--", "bash", "-c", "echo \"$HOME\" *", "--image", "--", "").Command);
    }

    [Fact]
    public void Run_options_do_not_collide_with_host_or_build_options()
    {
        var names = Build.Frosting.HostOptions.Specs.Concat(BuildContext.OptionSpecs).SelectMany(s => s.AllNames).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }
}
