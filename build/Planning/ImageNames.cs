using Build.Docker;
using Build.Options;

namespace Build.Planning;

/// <summary>Tag naming of the original build.sh (docs/decisions.md §1.4), with the base image made per framework (§2.8).</summary>
public static class ImageNames
{
    public const string LocalDevSuffix = "-local-dev";

    /// <summary>dynamo-base:&lt;VERSION&gt;-&lt;fw&gt;: one base per framework, so frameworks never overwrite each other's base.</summary>
    public static string BaseImage(string version, Framework framework) => $"dynamo-base:{version}-{framework.Lower}";

    /// <summary>"-&lt;stage&gt;" when a stage was named, nothing for the default dev image (so dynamo:latest-vllm is the dev image).</summary>
    public static string StageSuffix(string? namedStage) => namedStage is null ? "" : "-" + namedStage;

    public static string VersionedImage(string version, Framework framework, string? namedStage) =>
        $"dynamo:{version}-{framework.Lower}{StageSuffix(namedStage)}";

    public static string LatestImage(Framework framework, string? namedStage) =>
        $"dynamo:latest-{framework.Lower}{StageSuffix(namedStage)}";

    /// <summary>
    /// The local-dev name of an image: its tag (or 'latest') plus "-local-dev", in the same repository
    /// (docs/decisions.md §2.7: localhost:5000/team/img gives localhost:5000/team/img:latest-local-dev).
    /// </summary>
    public static string LocalDevOf(ImageReference image) => $"{image.Repository}:{image.TagOrLatest}{LocalDevSuffix}";

    public static string LocalDevOf(string image) =>
        ImageReference.TryParse(image, out var reference, out _) ? LocalDevOf(reference) : image + LocalDevSuffix;
}
