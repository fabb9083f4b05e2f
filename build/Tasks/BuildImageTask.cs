using Build.Frosting;

namespace Build.Tasks;

[TaskName("BuildImage")]
[TaskDescription("Builds the framework image at --stage (default: the dev stage, tagged without a suffix).")]
[IsDependentOn(typeof(BuildBaseImageTask))]
public sealed class BuildImageTask : FrameworkImageTask
{
    protected override string Stage(BuildContext context) => context.Options.Stage ?? "dev";

    protected override string? NamedStage(BuildContext context) => context.Options.Stage;
}
