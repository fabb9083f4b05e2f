using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Options;

/// <summary>The Dockerfiles' ARCH/ARCH_ALT: amd64 or arm64, each architecture once in a --platform list.</summary>
public sealed class ArchInfoTests
{
    public static TheoryData<string[], string> Refused => new()
    {
        { ["--platform", "linux/arm64,linux/arm64/v8"], "--platform 'linux/arm64,linux/arm64/v8' lists arm64 twice (linux/arm64 and linux/arm64/v8): give each architecture once" },
        { ["--platform", "linux/amd64,linux/amd64"], "--platform 'linux/amd64,linux/amd64' lists amd64 twice" },
        { ["--platform", "linux/ppc64le"], "--platform 'linux/ppc64le' names an architecture the Dockerfiles do not build (their ARCH/ARCH_ALT know amd64 and arm64)" },
        { ["--platform", "linux/amd64,linux/mips64"], "--platform 'linux/mips64' names an architecture the Dockerfiles do not build" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_value_outside_the_grammar_is_one_line_naming_the_option(string[] args, string expected) =>
        Refusal.StartsWith(expected, () => TestHost.Context(args));

    [Theory]
    [InlineData("linux/amd64", "amd64", "x86_64", false)]
    [InlineData("linux/x86_64", "amd64", "x86_64", false)]
    [InlineData("linux/arm64/v8", "arm64", "aarch64", true)]
    [InlineData("linux/aarch64,linux/amd64", "arm64", "aarch64", true)]
    public void The_first_platform_gives_the_dockerfiles_arch_and_arch_alt(string platform, string arch, string archAlt, bool isArm64) =>
        Assert.Equal(new ArchInfo(arch, archAlt, isArm64), ArchInfo.FromPlatform(platform));
}
