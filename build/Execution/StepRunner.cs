using Build.CommandLine;
using System.Diagnostics;
using Build.Docker;
using Build.Frosting;
using Build.Planning;
using Cake.Core.Diagnostics;

namespace Build.Execution;

/// <summary>Executes plan steps in order with docker, stopping at the first failure, and records each image.</summary>
public static class StepRunner
{
    public static void Run(BuildContext context, IEnumerable<PlanStep> steps)
    {
        foreach (var step in steps)
        {
            if (step.Command is HostCommand host)
            {
                // A host step (clone, patch, copy): its shell equivalent, then the step itself; no image to record.
                context.Log.Information("==> {0}: {1}", step.Title, host.ShellLine(context.Docker.DisplayName));
                HostStepRunner.Run(context, host);
                continue;
            }

            context.Log.Information("==> {0}: {1}", step.Title, string.Join(", ", step.Tags));
            context.Log.Verbose("{0}", ShellQuoting.CommandLine(context.Docker.DisplayName, step.Command.ToArguments().Select(Redacted)));
            var clock = Stopwatch.StartNew();
            try
            {
                context.Docker.Execute((DockerCommand)step.Command, $"{step.Title} ({step.Tags.FirstOrDefault()})");
            }
            catch (ToolFailedException e)
            {
                context.Report.Add(new BuiltImage(step.Task, step.Title, step.Tags, null, null, clock.Elapsed, e.ExitCode));
                throw;
            }

            var (id, size) = step.Tags.Count == 0
                ? (null, null)
                : BuildReport.ParseInspect(context.Docker.Capture(new DockerImageInspectSettings([step.Tags[0]], "{{.Id}} {{.Size}}")).Output);
            context.Report.Add(new BuiltImage(step.Task, step.Title, step.Tags, id, size, clock.Elapsed, null));
        }
    }

    private static CommandArgument Redacted(CommandArgument argument) =>
        argument.IsSecret ? new CommandArgument("[REDACTED]") : argument;
}
