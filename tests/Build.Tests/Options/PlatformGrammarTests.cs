using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>Platforms docker knows, and the one architecture table.</summary>
public sealed class PlatformGrammarTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["--platform", "linux"], "--platform 'linux'" },
        { ["--platform", "linux/amd64,,linux/arm64"], "--platform 'linux/amd64,,linux/arm64' has an empty item: list platforms separated by single commas" },
        { ["--platform", "linux/arm64,"], "--platform 'linux/arm64,' has an empty item" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => TestHost.Context(args));

    /// <summary>One architecture table: docker's names and aliases, and what the Dockerfiles build each as.</summary>
    [Theory]
    [InlineData("amd64", "amd64")]
    [InlineData("x86_64", "amd64")]
    [InlineData("x86-64", "amd64")]
    [InlineData("arm64", "arm64")]
    [InlineData("aarch64", "arm64")]
    [InlineData("arm", null)]
    [InlineData("ppc64le", null)]
    [InlineData("sparc", null)]
    public void Each_docker_architecture_is_built_as_amd64_or_arm64_or_not_at_all(string architecture, string? built) =>
        Assert.Equal(built, PlatformGrammar.DockerfileArchitecture(architecture)?.Arch);
}
