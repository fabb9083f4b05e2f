using Build.Frosting;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Runs a container from an existing image (container/run.sh): --image or dynamo:latest-<fw>[-<stage>], with the original's fixed flags; the command goes after '--'.")]
public sealed class RunContainerTask : FrostingTask<BuildContext>, IPlannedTask
{
    public string Name => CakeHost<BuildContext>.TaskName(GetType());

    public IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier)
    {
        var run = inputs.ContainerRun ?? throw new InvalidOperationException("RunContainer was planned without its options.");
        yield return new PlanStep(Name, $"container from {run.Settings.Image}", [], [], run.Settings);
    }

    /// <summary>The HF cache directory, created by a real run just before docker run (a dry run prints the mkdir -p).</summary>
    public IEnumerable<string> Directories(PlanInputs inputs) => inputs.ContainerRun?.Directories ?? [];

    public override void Run(BuildContext context) => context.Executor.Run(context.Plan, [context.Plan.StepsOf(Name).Single()]);
}
