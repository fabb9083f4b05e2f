using Build.Planning;

namespace Build.Execution;

/// <summary>
/// The suite's --dry-run: the plan's commands on stdout, one pasteable line each, the notes on stderr;
/// nothing is created or run. --plan-json and --bake-file are written in both modes: they are outputs the user
/// asked for (docs/decisions.md §3.1).
/// </summary>
public static class DryRun
{
    /// <returns>false when the run should stop here (a dry run).</returns>
    public static bool PrintOrContinue(BuildPlan plan, string docker, bool dryRun, string? planJson, string? bakeFile = null)
    {
        if (planJson is { } path)
        {
            PlanOutput.WriteJson(plan, docker, path);
        }

        if (bakeFile is not null)
        {
            if (plan.Bake?.Command is Docker.DockerBakeSettings bake)
            {
                AtomicFile.Write(bakeFile, bake.Definition + "\n", $"--bake-file file '{bakeFile}'");
            }
            else
            {
                Console.Error.WriteLine($"WARNING: --bake-file: this run builds no image, so {bakeFile} was not written.");
            }
        }

        if (!dryRun)
        {
            return true;
        }

        foreach (var note in plan.Notes)
        {
            Console.Error.WriteLine(note);
        }

        var runConfig = RunDockerConfig.ShellLines(RunDockerConfig.UserDirectory(Environment.GetEnvironmentVariable), PlanOutput.RunConfigVariable);
        foreach (var line in PlanOutput.ShellLines(plan, docker, runConfig))
        {
            Console.Out.WriteLine(line);
        }

        return false;
    }
}
