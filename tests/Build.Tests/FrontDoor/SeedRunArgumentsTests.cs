using Build.FrontDoor;

namespace Build.Tests.FrontDoor;

/// <summary>container/run.sh's options map onto the host's RunContainer options (docs/decisions.md §1.6, §2.16).</summary>
public sealed class SeedRunArgumentsTests
{
    private static IReadOnlyList<string> Translate(params string[] words) => SeedRunArguments.Translate(words, TextWriter.Null)!;

    [Fact]
    public void No_arguments_is_RunContainer_alone()
    {
        Assert.Equal(["--target", "RunContainer"], Translate());
    }

    [Fact]
    public void Short_options_become_the_hosts_long_ones_in_order()
    {
        Assert.Equal(
            ["--target", "RunContainer", "--volume=/a:/a", "--env=FOO=bar", "-p", "8000:8000", "--port=9081:8081", "--interactive", "--stage=local-dev", "--hf-cache=/hf", "--dry-run"],
            Translate("-v", "/a:/a", "-e", "FOO=bar", "-p", "8000:8000", "--port", "9081:8081", "-it", "--target", "local-dev", "--hf-cache", "/hf", "--dry-run"));
    }

    [Theory]
    [InlineData("-it")]
    [InlineData("-ti")]
    [InlineData("-i", "-t")]
    [InlineData("-t", "-i")]
    [InlineData("-it", "-i", "-t")]
    public void Every_interactive_spelling_is_one_interactive_option(params string[] words)
    {
        Assert.Equal(["--target", "RunContainer", "--interactive"], Translate(words));
    }

    [Fact]
    public void The_command_after_the_separator_is_handed_over_untouched()
    {
        Assert.Equal(["--target", "RunContainer", "--image=my:img", "--", "bash", "-c", "echo \"a b\" $HOME", "-it", "--"],
            Translate("--image", "my:img", "--", "bash", "-c", "echo \"a b\" $HOME", "-it", "--"));
    }

    [Fact]
    public void Values_are_passed_in_the_equals_form_so_a_dash_value_given_that_way_survives()
    {
        Assert.Equal(["--target", "RunContainer", "--entrypoint=-x", "--name=dev1"], Translate("--entrypoint=-x", "--name", "dev1"));
    }

    [Fact]
    public void Every_run_sh_option_is_accepted()
    {
        var host = Translate("--image", "i", "--framework", "sglang", "--target", "runtime", "--name", "n1", "--hf-home", "/h", "--gpus", "all", "--runtime", "nvidia",
            "--entrypoint", "/bin/sh", "--workdir", "/w", "--privileged", "true", "--rm", "false", "-v", "/a:/a", "-p", "1:1", "-e", "A=1", "-it", "--mount-workspace",
            "--use-nixl-gds", "--network", "bridge", "--user", "0", "--dry-run");
        Assert.Equal(
            [
                "--target", "RunContainer", "--image=i", "--framework=sglang", "--stage=runtime", "--name=n1", "--hf-home=/h", "--gpus=all", "--runtime=nvidia",
                "--entrypoint=/bin/sh", "--workdir=/w", "--privileged=true", "--rm=false", "--volume=/a:/a", "-p", "1:1", "--env=A=1", "--interactive",
                "--mount-workspace", "--use-nixl-gds", "--network=bridge", "--user=0", "--dry-run",
            ],
            host);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("--help")]
    public void Help_is_printed_and_nothing_runs(string flag)
    {
        var help = new StringWriter();
        Assert.Null(SeedRunArguments.Translate([flag], help));
        var text = help.ToString();
        foreach (var option in new[] { "--image", "--framework", "--target", "--hf-cache", "--gpus", "--privileged", "--rm", "-v ", "--port", "-p ", "-e ", "-it, -ti", "--mount-workspace", "--use-nixl-gds", "--network", "--user", "--dry-run", "-- COMMAND" })
        {
            Assert.Contains(option, text, StringComparison.Ordinal);
        }
    }
}
