namespace Build.Execution;

/// <summary>
/// The suite's --dry-run: the plan's commands on stdout, one pasteable line each, the notes on stderr;
/// nothing is created or run. --plan-json is written in both modes.
/// </summary>
public static class DryRun
{
    /// <returns>false when the run should stop here (a dry run).</returns>
    public static bool PrintOrContinue(BuildContext context)
    {
        var docker = context.Docker.DisplayName;
        if (context.Options.PlanJson is { } path)
        {
            PlanOutput.WriteJson(context.Plan, docker, path);
        }

        if (!context.Options.DryRun)
        {
            return true;
        }

        foreach (var note in context.Plan.Notes)
        {
            Console.Error.WriteLine(note);
        }

        foreach (var line in PlanOutput.ShellLines(context.Plan, docker))
        {
            Console.Out.WriteLine(line);
        }

        return false;
    }
}
