using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Builds the dev image dynamo:<VERSION>-<fw> and dynamo:latest-<fw> (root, build tools).")]
[IsDependentOn(typeof(BuildBaseImageTask))]
[AcceptsOptions(OptionScope.ImageBuild)]
public sealed class BuildDevImageTask : FrameworkImageTask
{
    protected override string Stage(PlanInputs inputs) => "dev";

    protected override string? NamedStage(PlanInputs inputs) => null;
}
