using Build.Docker;

namespace Build.Planning;

/// <summary>
/// The tags a plan moves in the engine the docker client talks to (docs/decisions.md §4.5): those of the image builds
/// that land there (<c>docker build</c>, buildx with <c>--load</c> or a <c>type=docker</c> output; not another
/// context's engine, a cache-only build or a push from the builder) and the targets of <c>docker tag</c>. Sorted, once
/// each: the order the run takes their locks in.
/// </summary>
public static class EngineTags
{
    public static IReadOnlyList<string> Of(BuildPlan plan) => plan.Steps
        .Select(s => s.Command)
        .SelectMany(command => command switch
        {
            DockerBuildSettings build when LandsInEngine(build) => build.Tags,
            DockerTagSettings tag => [tag.Target],
            _ => [],
        })
        .Distinct(StringComparer.Ordinal)
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Whether a build's image is stored in the client's engine under its tags.</summary>
    public static bool LandsInEngine(DockerBuildSettings build) =>
        build.Context is null
        && (build.Outputs.Count == 0 || build.Outputs.Any(o => o == "type=docker" || o.StartsWith("type=docker,", StringComparison.Ordinal)));
}
