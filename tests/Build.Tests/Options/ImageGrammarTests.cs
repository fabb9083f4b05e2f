using Build.Options;
using Build.Tests.RunContainerSupport;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>Image references, repositories and tags as options name them.</summary>
public sealed class ImageGrammarTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["--target", "BuildLocalDev", "--dev-image", "dynamo@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"], "--dev-image" },
        { ["--target", "BuildLocalDev", "--dev-image", "Bad Name"], "--dev-image 'Bad Name' is not an image reference" },
        { ["--tag", "UPPER:tag"], "--tag 'UPPER:tag' is not an image reference" },
        { ["--tag", "img:bad tag"], "--tag 'img:bad tag'" },
        { ["--target", "BuildEpp", "--gaie-dir", "/tmp", "--epp-tag", "Bad:tag", "--dry-run"], "--epp-tag 'Bad:tag' is not an image reference" },
        { ["--target", "BuildEpp", "--gaie-dir", "/tmp", "--epp-tag", "e@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "--dry-run"], "--epp-tag" },
        { ["--target", "Publish", "--registry", "localhost:5000", "--publish-image", "UPPER", "--dry-run"], "--publish-image 'UPPER' is not an image reference" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => TestHost.Context(args));

    public static TheoryData<string[], string> RefusedByRunContainer => new()
    {
        { ["--image", "Bad Image"], "--image 'Bad Image' is not an image reference" },
        { ["--image", "UPPER:tag"], "--image 'UPPER:tag' is not an image reference" },
        { ["--image", "img@sha256:short"], "--image 'img@sha256:short'" },
    };

    /// <summary>RunContainer's values, read when RunContainer runs.</summary>
    [Theory]
    [MemberData(nameof(RefusedByRunContainer))]
    public void A_run_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => RunTestHost.Context(["--target", "RunContainer", .. args]));
}
