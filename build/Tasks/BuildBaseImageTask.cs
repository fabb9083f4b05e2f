using Build.Frosting;
using Build.Planning;

namespace Build.Tasks;

[TaskName("BuildBaseImage")]
[TaskDescription("Builds the framework's base image dynamo-base:<VERSION>-<fw> (container/Dockerfile, stage dev); none needs no base.")]
public sealed class BuildBaseImageTask : ImageBuildTask
{
    public override bool ShouldRun(BuildContext context) => context.Options.DevImage is null;

    public override IEnumerable<PlanStep> Plan(BuildContext context) =>
        context.Options.Frameworks.Where(f => f.HasBaseBuild).Select(framework => new PlanStep(
            Name,
            $"{framework} base image",
            [ImageNames.BaseImage(context.Options.ImageNamespace, context.Facts.Version.Version, framework)],
            [],
            context.Images.BaseBuild(framework)));
}
