using Build.CommandLine;

namespace Build.Docker;

/// <summary>
/// <c>docker buildx imagetools create -t TAG ... [--annotation index:K=V ...] SOURCE@sha256:...</c>: one manifest list
/// in the registry from per-architecture images already pushed there (nothing is built or pulled).
/// </summary>
public sealed record DockerImagetoolsCreateSettings(IReadOnlyList<string> Tags, IReadOnlyList<string> Sources) : DockerCommand
{
    public IReadOnlyList<string> Annotations { get; init; } = [];

    public override IReadOnlyList<CommandArgument> ToArguments() =>
        new DockerArgv().Add("buildx", "imagetools", "create")
            .Each("--tag", Tags)
            .Each("--annotation", Annotations)
            .Add([.. Sources]).Items;
}

/// <summary><c>docker buildx imagetools inspect REF --format F</c>: what the registry holds under a reference.</summary>
public sealed record DockerImagetoolsInspectSettings(string Reference, string Format) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() =>
        new DockerArgv().Add("buildx", "imagetools", "inspect", Reference, "--format", Format).Items;
}
