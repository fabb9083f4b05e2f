using Build.Frosting;
using Build.Options;
using Build.Planning;
using Cake.Core.Diagnostics;

namespace Build.Tasks;

[TaskDescription("Builds the local-dev image (your UID/GID, sudo) from the dev image, or from --dev-image IMAGE alone.")]
[IsDependentOn(typeof(BuildDevImageTask))]
[AcceptsOptions(OptionScope.ImageBuild | OptionScope.LocalDev)]
public sealed class BuildLocalDevTask : ImageBuildTask
{
    public override IEnumerable<PlanStep> Plan(PlanInputs inputs)
    {
        var options = inputs.Options;
        if (options.DevImage is { } devImage)
        {
            // --tag names the local-dev image itself (docs/decisions.md §2.6); a given image may live in a registry, so it is not checked locally.
            string[] tags = [options.Tag?.ToString() ?? ImageNames.LocalDevOf(devImage)];
            yield return new PlanStep(Name, $"local-dev image from {devImage}", tags, [], inputs.Images.LocalDevBuild(devImage.ToString(), tags));
            yield break;
        }

        var version = inputs.Facts.Version.Version;
        foreach (var framework in options.Frameworks)
        {
            var devBase = options.Tag?.ToString() ?? ImageNames.VersionedImage(options.ImageNamespace, version, framework, null);
            string[] tags = [ImageNames.LocalDevOf(devBase), ImageNames.LocalDevOf(ImageNames.LatestImage(options.ImageNamespace, framework, null))];
            yield return new PlanStep(Name, $"{framework} local-dev image", tags, [devBase], inputs.Images.LocalDevBuild(devBase, tags, framework));
        }
    }

    /// <summary>After the build, build.sh's hint: how to run the image as the local user (front door container/run.sh).</summary>
    public override void Run(BuildContext context)
    {
        base.Run(context);
        foreach (var line in RunHint(context.Plan.StepsOf(Name).ToList(), context.Options.Uid ?? context.Facts.Uid, context.Options.Gid ?? context.Facts.Gid,
                     Path.GetRelativePath(context.Environment.WorkingDirectory.FullPath, Path.Combine(context.Facts.ContainerDir, "run.sh"))))
        {
            context.Log.Information("{0}", line);
        }
    }

    public static IEnumerable<string> RunHint(IReadOnlyList<PlanStep> steps, int uid, int gid, string runScript)
    {
        if (steps.Count == 0)
        {
            yield break;
        }

        yield return string.Empty;
        yield return $"To run the local-dev image as the local user ({uid}/{gid}):";
        yield return $"  {runScript} --image {steps[^1].Tags[^1]} --mount-workspace ...";
    }
}
