using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

/// <summary>A task that plans docker builds and, when run, executes exactly its part of the plan.</summary>
public abstract class ImageBuildTask : FrostingTask<BuildContext>, IPlannedTask
{
    public string Name => CakeHost<BuildContext>.TaskName(GetType());

    public virtual bool BuildsImages(BuildOptions options) => true;

    public abstract IEnumerable<PlanStep> Plan(PlanInputs inputs);

    public IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier) => Plan(inputs);

    public override void Run(BuildContext context) => context.Executor.Run(context.Plan, context.Plan.StepsOf(Name).ToList());
}

/// <summary>A framework image at one docker stage (build 2 of docs/decisions.md §1.3; the only build for framework none).</summary>
public abstract class FrameworkImageTask : ImageBuildTask
{
    /// <summary>The docker stage to build.</summary>
    protected abstract string Stage(PlanInputs inputs);

    /// <summary>The stage as named by the user or task, which suffixes the tags; null for the default dev image.</summary>
    protected abstract string? NamedStage(PlanInputs inputs);

    public override bool ShouldRun(BuildContext context) => context.Options.DevImage is null;

    public override IEnumerable<PlanStep> Plan(PlanInputs inputs)
    {
        var version = inputs.Facts.Version.Version;
        foreach (var framework in inputs.Options.Frameworks)
        {
            var named = NamedStage(inputs);
            string[] tags =
            [
                inputs.Options.Tag?.ToString() ?? ImageNames.VersionedImage(inputs.Options.ImageNamespace, version, framework, named),
                ImageNames.LatestImage(inputs.Options.ImageNamespace, framework, named),
            ];
            string[] needs = framework.HasBaseBuild ? [inputs.Images.BaseImage(framework)] : [];
            yield return new PlanStep(Name, $"{framework} image, stage {Stage(inputs)}", tags, needs,
                inputs.Images.FrameworkBuild(framework, Stage(inputs), tags));
        }
    }
}
