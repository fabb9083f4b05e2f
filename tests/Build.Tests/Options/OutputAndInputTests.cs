using Build.Facts;
using Build.Options;
using Build.Planning;
using Build.Tests.Support;
using Build.Versioning;

namespace Build.Tests.Options;

/// <summary>Typos, output paths, derived names, the source label and the ulimit advice (docs/decisions.md §5).</summary>
public sealed class OutputAndInputTests
{
    [Theory]
    [InlineData("--platfrom", "--platform")]
    [InlineData("--no-cahce", "--no-cache")]
    [InlineData("--dry-rn", "--dry-run")]
    [InlineData("--build-args", "--build-arg")]
    public void A_typo_gets_the_nearest_option(string typed, string nearest)
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context([typed, "x"]));
        Assert.Equal($"Unknown option '{typed}': did you mean {nearest}? (see --help for the options)", error.Message);
    }

    [Fact]
    public void A_word_far_from_every_option_gets_no_guess()
    {
        var error = Assert.Throws<UsageException>(() => TestHost.Context(["--frobnicate"]));
        Assert.Equal("Unknown option '--frobnicate' (see --help for the options).", error.Message);
    }

    [Fact]
    public void An_alias_is_named_as_typed_and_a_short_option_gets_no_equals_advice()
    {
        var alias = Assert.Throws<UsageException>(() => TestHost.Context(["--target", "RunContainer", "--hf-cache", "a\nb"]));
        Assert.StartsWith("--hf-cache has a control character", alias.Message, StringComparison.Ordinal);
        var shortForm = Assert.Throws<UsageException>(() => Build.FrontDoor.SeedRunArguments.Translate(["-v"], TextWriter.Null));
        Assert.Equal("-v requires a value: -v SRC:DST.", shortForm.Message);
        Assert.DoesNotContain("-v=", shortForm.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_output_path_in_a_missing_directory_or_naming_a_directory_is_refused_before_anything_runs()
    {
        var missing = Assert.Throws<UsageException>(() => OutputPathFacts.Check("--plan-json", "/nonexistent-h8/x.json", "/nonexistent-h8/x.json"));
        Assert.Equal("--plan-json '/nonexistent-h8/x.json': the directory '/nonexistent-h8' does not exist; create it first or give a path in an existing directory.", missing.Message);
        var directory = Assert.Throws<UsageException>(() => OutputPathFacts.Check("--report-json", "/tmp", "/tmp"));
        Assert.Equal("--report-json '/tmp' is a directory: give a file name in it.", directory.Message);
        OutputPathFacts.Check("--plan-json", "x.json", Path.Combine(Path.GetTempPath(), "x.json"));
    }

    [Fact]
    public void A_version_from_a_git_tag_docker_cannot_use_names_the_tag()
    {
        var facts = TestHost.ReferenceFacts() with
        {
            Version = VersionInfo.From("v1.0+build.5", null, new string('a', 40), "aaaaaaa", DateTimeOffset.UnixEpoch, null),
        };
        var error = Assert.Throws<UsageException>(() => TestHost.Context(["--framework", "none"], facts));
        Assert.Equal(
            "the version 'v1.0+build.5' from git tag 'v1.0+build.5' makes an invalid docker tag 'dynamo:v1.0+build.5-none' (none image, stage dev): 'v1.0+build.5-none' is not a valid tag (letters, digits, '_', '.', '-'; at most 128; not starting with '.' or '-'); use --tag IMAGE:TAG, or tag the commit with a version docker accepts (letters, digits, '_', '.', '-').",
            error.Message);
        Assert.Contains("--tag my:img", string.Join("\n", TestHost.ShellLines(TestHost.Context(["--framework", "none", "--tag", "my:img"], facts))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://user:secret@github.com/org/repo.git", "https://github.com/org/repo.git")]
    [InlineData("https://ghp_token123@github.com/org/repo", "https://github.com/org/repo")]
    [InlineData("https://github.com/org/repo?private_token=abc#x", "https://github.com/org/repo")]
    [InlineData("git@github.com:org/repo.git", "https://github.com/org/repo.git")]
    [InlineData("ssh://git@gitlab.example.com:2222/org/repo.git", "https://gitlab.example.com/org/repo.git")]
    [InlineData("http://example.com:8080/r", "http://example.com:8080/r")]
    [InlineData("/home/me/src/dynamo", null)]
    [InlineData("../dynamo", null)]
    [InlineData("file:///home/me/dynamo", null)]
    [InlineData("C:/src/dynamo", null)]
    [InlineData("", null)]
    public void The_source_label_is_a_remote_url_without_credentials(string remote, string? label) =>
        Assert.Equal(label, OciSource.FromRemote(remote));

    [Fact]
    public void Limits_above_the_machines_hard_limits_give_the_flags_to_retry_with()
    {
        var hard = ResourceLimits.Hard("""
            Limit                     Soft Limit           Hard Limit           Units
            Max stack size            8388608              unlimited            bytes
            Max open files            20000                20000                files
            Max locked memory         8388608              8388608              bytes
            """.Replace("            Max", "Max", StringComparison.Ordinal));
        Assert.Equal(20000, hard["nofile"]);
        Assert.Equal(-1, hard["stack"]);
        Assert.Equal(
            ["--ulimit", "memlock=8388608", "--ulimit", "nofile=20000:20000"],
            ContainerRunComposer.UlimitRetry(ContainerRunComposer.Ulimits, hard));
        Assert.Empty(ContainerRunComposer.UlimitRetry(["memlock=8388608", "nofile=1024:20000"], hard));
    }
}
