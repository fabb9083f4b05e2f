using Build.CommandLine;

namespace Build.Docker;

/// <summary>
/// Publish --push-by-digest: the build of one image again (cached: the run built it just before) for the run's one
/// platform, exported straight to the registry (<see cref="DockerBuildSettings.Outputs"/>) with its digest in the
/// metadata file; MergeManifests later makes the manifest list under <see cref="ManifestTags"/>.
/// </summary>
/// <param name="Build">The docker build with the push exporter and the metadata file.</param>
/// <param name="Source">The local image the build stands for (its first tag).</param>
/// <param name="Repository">The registry repository the image goes to (REG/PATH).</param>
/// <param name="ManifestTags">The tags the merged manifest list gets (REG/PATH:TAG).</param>
public sealed record DockerPushByDigestSettings(DockerBuildSettings Build, string Source, string Repository, IReadOnlyList<string> ManifestTags) : DockerCommand
{
    /// <summary>The per-architecture tag (REG/PATH:TAG-ARCH) the image is pushed under; null when pushed by digest alone.</summary>
    public string? Staging { get; init; }

    public override IReadOnlyList<CommandArgument> ToArguments() => Build.ToArguments();

    /// <summary>
    /// The exporter: by digest alone on a BuildKit builder; the engine's own builder (docker driver) cannot push by
    /// digest, so there (and where a merge of the same run names the image) it goes under a per-architecture tag,
    /// still recorded by digest, and <c>store=false</c> keeps it out of the engine's images: the run leaves no local
    /// image of that name (docs/decisions.md §6.2).
    /// </summary>
    public static string Output(string repository, string stagingTag, bool byDigest) => byDigest
        ? $"type=image,name={repository},push-by-digest=true,name-canonical=true,push=true"
        : $"type=image,name={repository}:{stagingTag},push=true,store=false";
}
