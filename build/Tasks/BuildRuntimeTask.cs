using Build.Frosting;

namespace Build.Tasks;

[TaskName("BuildRuntime")]
[TaskDescription("Builds the runtime image dynamo:<VERSION>-<fw>-runtime (non-root dynamo user).")]
[IsDependentOn(typeof(BuildBaseImageTask))]
public sealed class BuildRuntimeTask : FrameworkImageTask
{
    protected override string Stage(BuildContext context) => "runtime";

    protected override string? NamedStage(BuildContext context) => "runtime";
}
