using Build.CommandLine;
using Build.Execution;
using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Runs a container from an existing image (container/run.sh): --image or dynamo:latest-<fw>[-<stage>], with the original's fixed flags; the command goes after '--'.")]
[AcceptsOptions(OptionScope.RunContainer)]
public sealed class RunContainerTask : FrostingTask<BuildContext>, IPlannedTask
{
    /// <summary>docker run's own failure to start the container (its message is on stderr already).</summary>
    public const int DockerCouldNotStart = 125;

    public string Name => CakeHost<BuildContext>.TaskName(GetType());

    public IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier)
    {
        var run = inputs.ContainerRun ?? throw new InvalidOperationException("RunContainer was planned without its options.");
        yield return new PlanStep(Name, $"container from {run.Settings.Image}", [], [], run.Settings);
    }

    /// <summary>The HF cache directory, created by a real run just before docker run (a dry run prints the mkdir -p).</summary>
    public IEnumerable<string> Directories(PlanInputs inputs) => inputs.ContainerRun?.Directories ?? [];

    /// <summary>
    /// The container's exit code is the host's, without an error line (docs/decisions.md §5.3); when docker itself
    /// could not start it and the run asks for limits above this machine's, the error names the flags to retry with.
    /// </summary>
    public override void Run(BuildContext context)
    {
        try
        {
            context.Executor.Run(context.Plan, [context.Plan.StepsOf(Name).Single()]);
        }
        catch (ToolFailedException e) when (e.ExitCode == DockerCouldNotStart && context.ContainerRun is { UlimitRetry.Count: > 0 } run)
        {
            var flags = ShellQuoting.CommandLine(run.UlimitRetry[0], run.UlimitRetry.Skip(1).Select(f => new CommandArgument(f)));
            throw new ToolFailedException(
                $"docker could not start the container (exit {e.ExitCode}). The run asks for limits above this machine's hard limits (docker says \"error setting rlimit ... operation not permitted\"): retry with {flags}",
                e.ExitCode);
        }
        catch (ToolFailedException e) when (e.ExitCode is not (DockerCouldNotStart or 126 or 127))
        {
            // The container's command exited non-zero: its own output said why.
            throw new ToolFailedException(e.Message, e.ExitCode) { Quiet = true };
        }
    }
}
