using Build.Options;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>The values read in the dispatch itself (IDs, true/false, on/off, executors, paths in the container) and the control-character rule of every value.</summary>
public sealed class GrammarTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["--target", "BuildLocalDev", "--uid", "abc"], "--uid 'abc' must be a numeric ID" },
        { ["--target", "BuildLocalDev", "--uid=-5"], "--uid '-5' must be a numeric ID" },
        { ["--executor", "fast"], "--executor 'fast' is not an executor: use auto, bake or sequential." },
        { ["--provenance", "yes"], "--provenance 'yes' must be on or off." },
        { ["--sbom", "true"], "--sbom 'true' must be on or off." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => TestHost.Context(args));

    public static TheoryData<string[], string> RefusedByRunContainer => new()
    {
        { ["--privileged", "yes"], "--privileged 'yes' must be true or false" },
        { ["--rm", "1"], "--rm '1' must be true or false" },
        { ["--workdir", "relative/dir"], "--workdir 'relative/dir' must be an absolute path" },
    };

    /// <summary>RunContainer's values, read when RunContainer runs.</summary>
    [Theory]
    [MemberData(nameof(RefusedByRunContainer))]
    public void A_run_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => RunTestHost.Context(["--target", "RunContainer", .. args]));

    [Fact]
    public void A_nul_on_the_command_line_is_refused_like_any_control_character()
    {
        var error = Assert.Throws<UsageException>(() => Grammar.CheckText("--tag", "a\0b"));
        Assert.Equal("--tag has a control character (U+0000) in its value: no option takes one.", error.Message);
    }
}
