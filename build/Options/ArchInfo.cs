namespace Build.Options;

/// <summary>
/// ARCH/ARCH_ALT as the Dockerfiles use them, from the (first) platform, parsed rather than substring-matched; which
/// docker architecture is which comes from <see cref="PlatformGrammar"/>'s table.
/// </summary>
public sealed record ArchInfo(string Arch, string ArchAlt, bool IsArm64)
{
    public static readonly ArchInfo Amd64 = new("amd64", "x86_64", false);

    public static readonly ArchInfo Arm64 = new("arm64", "aarch64", true);

    /// <summary>The first platform's architecture; amd64 for any the Dockerfiles do not build (<see cref="CheckList"/> refuses those).</summary>
    public static ArchInfo FromPlatform(string platform) =>
        PlatformGrammar.DockerfileArchitecture(platform.Split(',')[0].Split('/')[1]) ?? Amd64;

    /// <summary>
    /// A --platform list (each item already one docker knows) the Dockerfiles can build: amd64 or arm64 (their
    /// ARCH/ARCH_ALT), each architecture once.
    /// </summary>
    public static void CheckList(string platforms)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var platform in platforms.Split(','))
        {
            var known = PlatformGrammar.DockerfileArchitecture(platform.Split('/')[1])?.Arch;
            if (known is null)
            {
                throw new UsageException($"--platform '{platform}' names an architecture the Dockerfiles do not build (their ARCH/ARCH_ALT know amd64 and arm64): use linux/amd64 or linux/arm64.");
            }

            if (seen.TryGetValue(known, out var first))
            {
                throw new UsageException($"--platform '{platforms}' lists {known} twice ({first} and {platform}): give each architecture once, e.g. linux/amd64,linux/arm64.");
            }

            seen[known] = platform;
        }
    }
}
