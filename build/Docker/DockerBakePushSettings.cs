using Build.CommandLine;

namespace Build.Docker;

/// <summary>One push of a <see cref="DockerBakePushSettings"/>: its bake target and the push it stands for.</summary>
/// <param name="Push">A push from the builder (<see cref="DockerBuildPushSettings"/>) or by digest (<see cref="DockerPushByDigestSettings"/>).</param>
public sealed record BakePush(string Target, DockerCommand Push);

/// <summary>
/// Publish on a builder whose BuildKit reads no image store (driver remote, kubernetes, docker-container) when an image
/// it pushes starts from a base the run builds (docs/decisions.md §6.6): the pushes as one <c>docker buildx bake</c>
/// after the run's builds, each pushed image a target with its push exporter, the images they start from targets
/// kept in the builder's cache (<c>type=cacheonly</c>) and linked by <c>target:</c> contexts, so no build asks a
/// registry for a base. Every target is a cache hit of the builds before; the digests come from the bake's
/// metadata file, one entry per target.
/// </summary>
/// <param name="Bake">The bake: the linked builds, then one target per push, its metadata file set.</param>
/// <param name="Pushes">The push targets, in plan order.</param>
public sealed record DockerBakePushSettings(DockerBakeSettings Bake, IReadOnlyList<BakePush> Pushes) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => Bake.ToArguments();

    public override string? StandardInputText => Bake.StandardInputText;

    public override string ShellLine(string docker) => Bake.ShellLine(docker);

    /// <summary>The build of a push target (a bake writes one metadata file for all its targets, not one each).</summary>
    public static DockerBuildSettings BuildOf(DockerCommand push) => push switch
    {
        DockerBuildPushSettings fromBuilder => fromBuilder.Build with { MetadataFile = null },
        DockerPushByDigestSettings byDigest => byDigest.Build with { MetadataFile = null },
        _ => throw new InvalidOperationException($"not a push from the builder: {push.GetType().Name}"),
    };
}
