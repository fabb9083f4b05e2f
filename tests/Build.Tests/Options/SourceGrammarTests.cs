using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>Git URLs, refs and commits (the one commit pattern), and URLs.</summary>
public sealed class SourceGrammarTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["--target", "BuildEpp", "--gaie-git", "https://user:hunter2@example.com/gaie.git", "--gaie-ref", "v1", "--dry-run"], "--gaie-git has a password" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => TestHost.Context(args));

    [Theory]
    [InlineData("0c9430e5a530ba958fc9dca561a3ad865ad9f492", true)]
    [InlineData("0C9430E5A530BA958FC9DCA561A3AD865AD9F492", true)]
    [InlineData("0c9430e", false)]
    [InlineData("0c9430e5a530ba958fc9dca561a3ad865ad9f4920", false)]
    [InlineData("0c9430e5a530ba958fc9dca561a3ad865ad9f49g", false)]
    public void A_full_commit_is_40_hex_digits(string value, bool full) => Assert.Equal(full, SourceGrammar.IsFullCommit(value));

    [Fact]
    public void A_commit_option_takes_up_to_40_hex_digits()
    {
        Assert.Equal("0c9430e", TestHost.Context(["--framework", "trtllm", "--tensorrtllm-commit", "0c9430e", "--tensorrtllm-pip-wheel", "tensorrt-llm==1.0", "--dry-run"]).Options.Trtllm.Commit);
        var error = Assert.Throws<UsageException>(() => TestHost.Context(["--framework", "trtllm", "--tensorrtllm-commit", "main"]));
        Assert.Equal("--tensorrtllm-commit 'main' is not a commit id (up to 40 hex digits).", error.Message);
    }
}
