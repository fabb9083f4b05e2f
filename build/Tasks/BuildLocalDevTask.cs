using Build.Frosting;
using Build.Planning;

namespace Build.Tasks;

[TaskName("BuildLocalDev")]
[TaskDescription("Builds the local-dev image (your UID/GID, sudo) from the dev image, or from --dev-image IMAGE alone.")]
[IsDependentOn(typeof(BuildDevImageTask))]
public sealed class BuildLocalDevTask : ImageBuildTask
{
    public override IEnumerable<PlanStep> Plan(BuildContext context)
    {
        var options = context.Options;
        if (options.DevImage is { } devImage)
        {
            // --tag names the local-dev image itself (decisions §2.6); a given image may live in a registry, so it is not checked locally.
            string[] tags = [options.Tag?.ToString() ?? ImageNames.LocalDevOf(devImage)];
            yield return new PlanStep(Name, $"local-dev image from {devImage}", tags, [], context.Images.LocalDevBuild(devImage.ToString(), tags));
            yield break;
        }

        var version = context.Facts.Version.Version;
        foreach (var framework in options.Frameworks)
        {
            var devBase = options.Tag?.ToString() ?? ImageNames.VersionedImage(options.ImageNamespace, version, framework, null);
            string[] tags = [ImageNames.LocalDevOf(devBase), ImageNames.LocalDevOf(ImageNames.LatestImage(options.ImageNamespace, framework, null))];
            yield return new PlanStep(Name, $"{framework} local-dev image", tags, [devBase], context.Images.LocalDevBuild(devBase, tags));
        }
    }
}
