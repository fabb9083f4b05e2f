using Build.Execution;
using Build.Frosting;
using Cake.Core;
using Cake.Core.Diagnostics;

namespace Build;

/// <summary>Before the first task of a real run: notes, preflight, directories. After the last: the summary.</summary>
public sealed class BuildLifetime : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
        foreach (var note in context.Plan.Notes)
        {
            context.Log.Information(note);
        }

        Preflight.Check(context);
        foreach (var directory in context.Plan.Directories)
        {
            Directory.CreateDirectory(directory);
        }
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
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
            context.Report.WriteJson(path, context.Facts.Version.Version);
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
            Console.Out.WriteLine($"::group::{info.Task.Name}");
        }
    }

    public override void TaskTeardown(BuildContext context, ITaskTeardownContext info)
    {
        if (GitHubActions.Enabled)
        {
            Console.Out.WriteLine("::endgroup::");
        }
    }
}
