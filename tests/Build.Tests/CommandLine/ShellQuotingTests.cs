using Build.CommandLine;
using Build.Docker;
using Build.Execution;
using Build.Tests.Support;

namespace Build.Tests.CommandLine;

/// <summary>Dry-run lines are real shell: bash splits them back into exactly the argv (docs/decisions.md §2.1, §2.4).</summary>
public sealed class ShellQuotingTests
{
    public static TheoryData<string> Awkward => new()
    {
        "plain",
        "with space",
        "it's",
        "$HOME",
        "*.whl",
        "a\"b",
        "back\\slash",
        "new\nline",
        "",
        "KEY=value with 'both' \"quotes\" and $(cmd) `tick`",
        "ünïcödé",
        "~",
        "~/dir",
        "#not-a-comment",
    };

    /// <summary>
    /// The safe set is exactly letters, digits and _@%+=:,./- : '~' expands at a word's start, '#' starts a comment,
    /// '!' expands history in an interactive shell (where people paste), so each is quoted wherever it is.
    /// </summary>
    [Theory]
    [InlineData("~", "'~'")]
    [InlineData("~/x", "'~/x'")]
    [InlineData("a#b", "'a#b'")]
    [InlineData("#", "'#'")]
    [InlineData("!x", "'!x'")]
    [InlineData("a!", "'a!'")]
    [InlineData("Az09_@%+=:,./-", "Az09_@%+=:,./-")]
    public void Shell_special_characters_are_quoted_and_only_the_safe_set_is_bare(string word, string expected) =>
        Assert.Equal(expected, ShellQuoting.Quote(word));

    [Theory]
    [MemberData(nameof(Awkward))]
    public void Bash_reads_each_quoted_word_back_unchanged(string word)
    {
        var line = ShellQuoting.CommandLine("printf", [new CommandArgument("%s\\0"), new CommandArgument(word)]);
        var result = Run.Bash(line);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(word + "\0", result.Output);
    }

    [Fact]
    public void Safe_words_are_left_bare_so_lines_read_like_the_worked_cases()
    {
        Assert.Equal("docker build --build-arg NIXL_REF=0.5.1 --tag dynamo:latest-vllm /repo",
            ShellQuoting.CommandLine("docker", ["build", "--build-arg", "NIXL_REF=0.5.1", "--tag", "dynamo:latest-vllm", "/repo"]));
    }

    [Theory]
    [MemberData(nameof(Awkward))]
    public void A_process_started_through_cake_receives_the_exact_argument(string word)
    {
        // .NET splits the rendered string with the Windows rules on every platform; ExactArgument must survive that.
        var info = new System.Diagnostics.ProcessStartInfo("printf", new ExactArgument("%s\\0").Render() + " " + new ExactArgument(word).Render())
        {
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(word + "\0", output);
    }
}
