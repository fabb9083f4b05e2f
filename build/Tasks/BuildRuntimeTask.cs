using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Builds the runtime image dynamo:<VERSION>-<fw>-runtime (non-root dynamo user).")]
[IsDependentOn(typeof(BuildBaseImageTask))]
[AcceptsOptions(OptionScope.ImageBuild)]
public sealed class BuildRuntimeTask : FrameworkImageTask
{
    protected override string Stage(PlanInputs inputs) => "runtime";

    protected override string? NamedStage(PlanInputs inputs) => "runtime";
}
