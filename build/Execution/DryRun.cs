using Build.Planning;

namespace Build.Execution;

/// <summary>
/// The suite's --dry-run: the plan's commands on stdout, one pasteable line each, the notes on stderr;
/// nothing is created or run. --plan-json is written in both modes.
/// </summary>
public static class DryRun
{
    /// <returns>false when the run should stop here (a dry run).</returns>
    public static bool PrintOrContinue(BuildPlan plan, string docker, bool dryRun, string? planJson)
    {
        if (planJson is { } path)
        {
            PlanOutput.WriteJson(plan, docker, path);
        }

        if (!dryRun)
        {
            return true;
        }

        foreach (var note in plan.Notes)
        {
            Console.Error.WriteLine(note);
        }

        foreach (var line in PlanOutput.ShellLines(plan, docker))
        {
            Console.Out.WriteLine(line);
        }

        return false;
    }
}
