using Build.Execution;
using Build.Frosting;
using Build.Planning;

namespace Build.Tasks;

/// <summary>A task that plans docker builds and, when run, executes exactly its part of the plan.</summary>
public abstract class ImageBuildTask : FrostingTask<BuildContext>, IPlannedTask
{
    public string Name => CakeHost<BuildContext>.TaskName(GetType());

    public abstract IEnumerable<PlanStep> Plan(BuildContext context);

    public override void Run(BuildContext context) => StepRunner.Run(context, context.Plan.StepsOf(Name));
}

/// <summary>A framework image at one docker stage (Build 2 of the original; the only build for framework none).</summary>
public abstract class FrameworkImageTask : ImageBuildTask
{
    /// <summary>The docker stage to build.</summary>
    protected abstract string Stage(BuildContext context);

    /// <summary>The stage as named by the user or task, which suffixes the tags; null for the default dev image.</summary>
    protected abstract string? NamedStage(BuildContext context);

    public override bool ShouldRun(BuildContext context) => context.Options.DevImage is null;

    public override IEnumerable<PlanStep> Plan(BuildContext context)
    {
        var version = context.Facts.Version.Version;
        foreach (var framework in context.Options.Frameworks)
        {
            var named = NamedStage(context);
            string[] tags =
            [
                context.Options.Tag?.ToString() ?? ImageNames.VersionedImage(context.Options.ImageNamespace, version, framework, named),
                ImageNames.LatestImage(context.Options.ImageNamespace, framework, named),
            ];
            string[] needs = framework.HasBaseBuild ? [ImageNames.BaseImage(context.Options.ImageNamespace, version, framework)] : [];
            yield return new PlanStep(Name, $"{framework} image, stage {Stage(context)}", tags, needs,
                context.Images.FrameworkBuild(framework, Stage(context), tags));
        }
    }
}
