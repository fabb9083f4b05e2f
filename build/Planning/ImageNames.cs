namespace Build.Planning;

/// <summary>Tag naming of the original build.sh (reference §1.5), with the base image made per framework (decisions §2.8).</summary>
public static class ImageNames
{
    public const string LocalDevSuffix = "-local-dev";

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
    /// (decisions §2.7: localhost:5000/team/img gives localhost:5000/team/img:latest-local-dev).
    /// </summary>
    public static string LocalDevOf(ImageReference image) => $"{image.Repository}:{image.TagOrLatest}{LocalDevSuffix}";

    public static string LocalDevOf(string image) =>
        ImageReference.TryParse(image, out var reference, out _) ? LocalDevOf(reference) : image + LocalDevSuffix;
}
