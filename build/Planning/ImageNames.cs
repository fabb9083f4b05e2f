using Build.Docker;
using Build.Options;
using Build.Versioning;

namespace Build.Planning;

/// <summary>Tag naming of build.sh (docs/decisions.md §1.4), with the base image made per framework (§2.8).</summary>
public static class ImageNames
{
    public const string LocalDevSuffix = "-local-dev";

    /// <summary>The stage BuildImage builds without --stage; its tags have no stage suffix.</summary>
    public const string DefaultStage = "dev";

    /// <summary>dynamo-base:&lt;VERSION&gt;-&lt;fw&gt;: one base per framework, so frameworks never overwrite each other's base.</summary>
    public static string BaseImage(string? ns, string version, Framework framework) => $"{Repository(ns, "dynamo-base")}:{version}-{framework.Lower}";

    /// <summary>
    /// A repository of the suite's images: NAME, or NAMESPACE/NAME with --image-namespace (so that a second set of
    /// images, e.g. the tests' own, never replaces the dynamo:* images a user has).
    /// </summary>
    public static string Repository(string? ns, string name) => ns is null ? name : $"{ns}/{name}";

    /// <summary>"-&lt;stage&gt;" when a stage was named, nothing for the default dev image (so dynamo:latest-vllm is the dev image).</summary>
    public static string StageSuffix(string? namedStage) => namedStage is null ? "" : "-" + namedStage;

    public static string VersionedImage(string? ns, string version, Framework framework, string? namedStage) =>
        $"{Repository(ns, "dynamo")}:{version}-{framework.Lower}{StageSuffix(namedStage)}";

    public static string LatestImage(string? ns, Framework framework, string? namedStage) =>
        $"{Repository(ns, "dynamo")}:latest-{framework.Lower}{StageSuffix(namedStage)}";

    /// <summary>
    /// The local-dev name of an image: its tag (or 'latest') plus "-local-dev", in the same repository
    /// (docs/decisions.md §2.7: localhost:5000/team/img gives localhost:5000/team/img:latest-local-dev).
    /// </summary>
    public static string LocalDevOf(ImageReference image) => $"{image.Repository}:{image.TagOrLatest}{LocalDevSuffix}";

    public static string LocalDevOf(string image) =>
        ImageReference.TryParse(image, out var reference, out _) ? LocalDevOf(reference) : image + LocalDevSuffix;

    /// <summary>
    /// Every image name the plan composed (tags, the images it consumes, tag and push targets, the image it runs) is a
    /// valid reference; a name made from the git-derived version names that origin (docs/decisions.md §5.1). Pure.
    /// </summary>
    public static void CheckAll(IEnumerable<PlanStep> steps, VersionInfo version)
    {
        foreach (var step in steps)
        {
            IEnumerable<string> names = step.Command switch
            {
                DockerTagSettings tag => [tag.Source, tag.Target],
                DockerPushSettings push => [push.Image],
                DockerRunSettings run => [run.Image],
                _ => [],
            };
            foreach (var name in step.Tags.Concat(step.Needs).Concat(names))
            {
                Check(name, step.Title, version);
            }
        }
    }

    private static void Check(string name, string title, VersionInfo version)
    {
        if (ImageReference.TryParse(name, out _, out var why))
        {
            return;
        }

        if (name.Contains(version.Version, StringComparison.Ordinal) && !ImageReference.IsTag(version.Version))
        {
            var fix = name.StartsWith("dynamo-base:", StringComparison.Ordinal)
                ? "the base image's tag always carries the version: tag the commit with a version docker accepts (letters, digits, '_', '.', '-')"
                : "use --tag IMAGE:TAG, or tag the commit with a version docker accepts (letters, digits, '_', '.', '-')";
            throw new UsageException($"the version '{version.Version}' {version.Origin} makes an invalid docker tag '{name}' ({title}): {why}; {fix}.");
        }

        throw new UsageException($"the image name '{name}' composed for {title} is not a valid docker reference: {why}.");
    }
}
