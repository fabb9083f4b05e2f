using Build.Options;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>Names: frameworks, stages, Python versions, variable and user names.</summary>
public sealed class NameGrammarTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["--framework", "foo"], "--framework 'foo'" },
        { ["--framework", "vllm,bogus"], "--framework 'bogus'" },
        { ["--stage", "bad stage"], "--stage 'bad stage'" },
        { ["--target", "BuildFrontend", "--epp-image", "e:1", "--python-version", "3", "--dry-run"], "--python-version '3' must be MAJOR.MINOR" },
        { ["--target", "Publish", "--registry", "localhost:5000", "--registry-password-env", "hunter2!", "--dry-run"], "--registry-password-env 'hunter2!' must be the NAME" },
        { ["--target", "Publish", "--registry", "localhost:5000", "--registry-user=-u", "--dry-run"], "--registry-user '-u' is not a user name" },
        { ["--target", "Publish", "--registry", "localhost:5000", "--registry-user=--password=x", "--dry-run"], "--registry-user" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => TestHost.Context(args));

    public static TheoryData<string[], string> RefusedByRunContainer => new()
    {
        { ["--stage", "bad stage"], "--stage 'bad stage'" },
    };

    /// <summary>RunContainer's values, read when RunContainer runs.</summary>
    [Theory]
    [MemberData(nameof(RefusedByRunContainer))]
    public void A_run_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => RunTestHost.Context(["--target", "RunContainer", .. args]));

    [Theory]
    [InlineData("all,ALL,none")]
    [InlineData("vllm,all")]
    [InlineData("ALL")]
    public void All_in_a_framework_list_is_every_framework(string value) =>
        Assert.Equal(Framework.All, TestHost.Context(["--framework", value, "--dry-run"]).Options.Frameworks);
}
