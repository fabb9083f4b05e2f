using Build.Execution;
using Build.Frosting;
using Cake.Core;
using Cake.Core.Diagnostics;

namespace Build;

/// <summary>Before the first task of a real run: notes, then the executor's checks and directories. After the last: the summary.</summary>
public sealed class BuildLifetime : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
        foreach (var note in context.Plan.Notes)
        {
            context.Log.Information(note);
        }

        // The host listens from its start (docs/decisions.md §4.1): a signal during planning stops the run here, and
        // the teardown still writes the report.
        Interruption.ThrowIfRequestedBeforeStart();

        // The docker configuration (with its login) of a run that was killed before its teardown.
        RunDockerConfig.RemoveLeftovers(Path.GetTempPath());
        try
        {
            context.Executor.Prepare(context.Plan, context.Output);
        }
        catch (Exception) when (Interruption.Signal is not null)
        {
            // A check the signal reached failed for that reason, not for what it checks.
            Interruption.ThrowIfRequestedBeforeStart();
        }
    }

    /// <summary>
    /// After the context is made, before any task: --plan-json, and the suite's own --dry-run, which prints the plan
    /// instead of running tasks (false: stop here).
    /// </summary>
    public static bool BeforeRun(BuildContext context) =>
        DryRun.PrintOrContinue(context.Plan, context.Docker.DisplayName, context.Options.DryRun, context.Options.PlanJson, context.Options.BakeFile);

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
        // A run that did not finish its image steps puts its tags back (docs/decisions.md §4.5), before the docker
        // configuration of its login goes.
        try
        {
            context.Executor?.Finish(info.Successful && Interruption.Signal is null);
        }
        catch (Facts.EnvironmentException e)
        {
            LateFailure.Record(e, Console.Error);
        }

        // The run's registry login ends with the run (docs/decisions.md §4.4), whatever happened before.
        context.Docker.Dispose();
        context.Report.InterruptedBy = Interruption.SignalName;
        var lines = context.Report.TableLines().ToList();
        if (lines.Count > 0)
        {
            context.Log.Information(string.Empty);
            foreach (var line in lines)
            {
                context.Log.Information("{0}", line);
            }
        }

        if (context.Options.ReportJson is { } path)
        {
            try
            {
                context.Report.WriteJson(path, context.Facts.Version.Version);
            }
            catch (Facts.EnvironmentException e)
            {
                LateFailure.Record(e, Console.Error);
            }
        }

        if (GitHubActions.Enabled)
        {
            GitHubActions.AppendSummary(GitHubActions.Summary(context.Report, context.Facts.Version.Version));
        }
    }

    /// <summary>Under GitHub Actions each task's output is one collapsible log group.</summary>
    public override void TaskSetup(BuildContext context, ITaskSetupContext info)
    {
        if (GitHubActions.Enabled)
        {
            context.Output.WriteLine($"::group::{info.Task.Name}");
        }
    }

    public override void TaskTeardown(BuildContext context, ITaskTeardownContext info)
    {
        if (GitHubActions.Enabled)
        {
            context.Output.WriteLine("::endgroup::");
        }
    }
}
