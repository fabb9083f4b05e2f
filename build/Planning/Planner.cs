using Build.Frosting;

namespace Build.Planning;

/// <summary>Asks each task that will run, in order, for its steps; the result is the whole run.</summary>
public static class Planner
{
    public static BuildPlan Create(BuildContext context, IReadOnlyList<FrostingTask<BuildContext>> tasksInOrder)
    {
        var steps = new List<PlanStep>();
        var directories = new List<string>();
        foreach (var task in tasksInOrder)
        {
            if (task is not IPlannedTask planned || !task.ShouldRun(context))
            {
                continue;
            }

            directories.AddRange(planned.Directories(context));

            // Two targets may ask for the same image (BuildImage without --stage is the dev image): build it once.
            steps.AddRange(planned.Plan(context, [.. steps]).Where(step => !steps.Any(s => s.Command.ToArguments().SequenceEqual(step.Command.ToArguments()))));
        }

        var images = context.Images;
        var notes = new List<string>();
        // The version names images; a plan that builds none (RunContainer alone) does not need to warn about it.
        if (context.Facts.Version.Warning is not null && steps.Any(s => s.Command is Docker.DockerBuildSettings))
        {
            notes.Add(context.Facts.Version.Warning);
        }

        // The original's notes speak of the base and framework builds (a local-dev build alone has none).
        if (steps.Any(s => s.Command is Docker.DockerBuildSettings { Target: not null }))
        {
            notes.AddRange(context.Options.Frameworks.SelectMany(images.Notes).Distinct());
        }

        // The image builds' directories only when something is built (a run-only plan needs none of them).
        IReadOnlyList<string> buildDirectories = steps.Any(s => s.Command is Docker.DockerBuildSettings) ? images.Directories() : [];
        return new BuildPlan(context.Facts.Version, [.. buildDirectories, .. directories.Distinct()], steps, notes);
    }
}
