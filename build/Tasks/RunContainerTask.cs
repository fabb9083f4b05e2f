using Build.Execution;
using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskName(RunOptions.Task)]
[TaskDescription("Runs a container from an existing image (container/run.sh): --image or dynamo:latest-<fw>[-<stage>], with the original's fixed flags; the command goes after '--'.")]
public sealed class RunContainerTask : FrostingTask<BuildContext>, IPlannedTask
{
    public IEnumerable<PlanStep> Plan(BuildContext context)
    {
        var run = context.ContainerRun ?? throw new InvalidOperationException("RunContainer was planned without its options.");
        yield return new PlanStep(RunOptions.Task, $"container from {run.Settings.Image}", [], [], run.Settings);
    }

    /// <summary>The HF cache directory, created by a real run just before docker run (a dry run prints the mkdir -p).</summary>
    public IEnumerable<string> Directories(BuildContext context) => context.ContainerRun?.Directories ?? [];

    public override void Run(BuildContext context) => ContainerRunner.Run(context, context.Plan.StepsOf(RunOptions.Task).Single());
}
