namespace Build.Options;

/// <summary>
/// Platforms as docker names them, OS/ARCH[/VARIANT], and the one table of architectures: containerd's names and their
/// aliases, each with its variants and with the architecture the Dockerfiles build it as.
/// </summary>
public static class PlatformGrammar
{
    /// <summary>The operating systems docker knows (containerd's platform names).</summary>
    private static readonly string[] KnownOperatingSystems = ["linux", "windows", "darwin", "freebsd"];

    /// <summary>The architectures docker knows, in the order the error line lists them; <c>Dockerfiles</c> is null for one the Dockerfiles do not build.</summary>
    private static readonly Dictionary<string, (string[] Variants, ArchInfo? Dockerfiles)> KnownArchitectures = new(StringComparer.Ordinal)
    {
        ["amd64"] = (["v1", "v2", "v3", "v4"], ArchInfo.Amd64),
        ["x86_64"] = (["v1", "v2", "v3", "v4"], ArchInfo.Amd64),
        ["x86-64"] = (["v1", "v2", "v3", "v4"], ArchInfo.Amd64),
        ["arm64"] = (["v8", "v8.0", "v8.1", "v8.2", "v8.3", "v8.4", "v8.5", "v8.6", "v8.7", "v8.8", "v8.9", "v9", "v9.0", "v9.1", "v9.2", "v9.3", "v9.4", "v9.5"], ArchInfo.Arm64),
        ["aarch64"] = (["v8", "v9"], ArchInfo.Arm64),
        ["arm"] = (["v5", "v6", "v7", "v8"], null),
        ["armhf"] = ([], null),
        ["armel"] = ([], null),
        ["386"] = ([], null),
        ["i386"] = ([], null),
        ["ppc64le"] = ([], null),
        ["ppc64"] = ([], null),
        ["s390x"] = ([], null),
        ["riscv64"] = ([], null),
        ["mips64"] = ([], null),
        ["mips64le"] = ([], null),
        ["loong64"] = ([], null),
    };

    /// <summary>What the Dockerfiles build an architecture as (x86_64 is amd64, aarch64 is arm64); null when they build no such architecture.</summary>
    public static ArchInfo? DockerfileArchitecture(string architecture) =>
        KnownArchitectures.TryGetValue(architecture, out var known) ? known.Dockerfiles : null;

    /// <summary>OS/ARCH[/VARIANT] from docker's known list, or a comma-separated list of them.</summary>
    public static string Platform(string option, string value)
    {
        foreach (var platform in value.Split(','))
        {
            if (platform.Length == 0)
            {
                throw new UsageException($"{option} '{value}' has an empty item: list platforms separated by single commas, e.g. linux/amd64,linux/arm64.");
            }

            var parts = platform.Split('/');
            var known = parts.Length is 2 or 3
                && KnownOperatingSystems.Contains(parts[0])
                && KnownArchitectures.TryGetValue(parts[1], out var architecture)
                && (parts.Length == 2 || architecture.Variants.Contains(parts[2]));
            if (!known)
            {
                throw new UsageException($"{option} '{platform}' is not a platform docker knows: OS/ARCH[/VARIANT] with OS one of {string.Join(", ", KnownOperatingSystems)} and ARCH one of {string.Join(", ", KnownArchitectures.Keys)}, e.g. linux/amd64 or linux/arm64/v8.");
            }
        }

        return value;
    }
}
