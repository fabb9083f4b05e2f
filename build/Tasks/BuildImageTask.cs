using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Builds the framework image at --stage (default: the dev stage, tagged without a suffix).")]
[IsDependentOn(typeof(BuildBaseImageTask))]
[AcceptsOptions(OptionScope.ImageBuild | OptionScope.Stage)]
public sealed class BuildImageTask : FrameworkImageTask
{
    protected override string Stage(PlanInputs inputs) => inputs.Options.Stage ?? ImageNames.DefaultStage;

    protected override string? NamedStage(PlanInputs inputs) => inputs.Options.Stage;
}
