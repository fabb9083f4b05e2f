using Build.CommandLine;

namespace Build.Docker;

/// <summary>
/// Publish on a builder that is not this engine (docs/decisions.md §6.6): the image's build once more on that builder
/// (a cache hit: the run built it there just before) with an image exporter that pushes it under its registry names,
/// so the image goes from the builder to the registry and never through this engine. The digest comes from the
/// metadata file.
/// </summary>
/// <param name="Build">The docker buildx build with the push exporter and the metadata file.</param>
/// <param name="Source">The image the build stands for (its first tag).</param>
/// <param name="References">The registry names it is pushed under (REG/PATH:TAG).</param>
public sealed record DockerBuildPushSettings(DockerBuildSettings Build, string Source, IReadOnlyList<string> References) : DockerCommand
{
    public override IReadOnlyList<CommandArgument> ToArguments() => Build.ToArguments();

    /// <summary>
    /// The exporter: an image under every name (a name list is one CSV field, quoted as buildx reads it), pushed and not
    /// kept in the builder's image store (store=false: the push leaves no image of the registry's names there).
    /// </summary>
    public static string Output(IReadOnlyList<string> references) => references.Count == 1
        ? $"type=image,name={references[0]},push=true,store=false"
        : $"type=image,\"name={string.Join(',', references)}\",push=true,store=false";
}
