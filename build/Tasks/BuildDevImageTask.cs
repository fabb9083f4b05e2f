using Build.Frosting;

namespace Build.Tasks;

[TaskName("BuildDevImage")]
[TaskDescription("Builds the dev image dynamo:<VERSION>-<fw> and dynamo:latest-<fw> (root, build tools).")]
[IsDependentOn(typeof(BuildBaseImageTask))]
public sealed class BuildDevImageTask : FrameworkImageTask
{
    protected override string Stage(BuildContext context) => "dev";

    protected override string? NamedStage(BuildContext context) => null;
}
