using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Builds the framework's base image dynamo-base:<VERSION>-<fw> (container/Dockerfile, stage dev); none needs no base.")]
[AcceptsOptions(OptionScope.ImageBuild)]
public sealed class BuildBaseImageTask : ImageBuildTask
{
    public override bool ShouldRun(BuildContext context) => context.Options.DevImage is null;

    public override bool BuildsImages(BuildOptions options) => options.Frameworks.Any(f => f.HasBaseBuild);

    public override IEnumerable<PlanStep> Plan(PlanInputs inputs) =>
        inputs.Options.Frameworks.Where(f => f.HasBaseBuild).Select(framework => new PlanStep(
            Name,
            $"{framework} base image",
            [inputs.Images.BaseImage(framework)],
            [],
            inputs.Images.BaseBuild(framework)) { Intermediate = true });
}
