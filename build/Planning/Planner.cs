using Build.Frosting;

namespace Build.Planning;

/// <summary>Asks each task that will run, in order, for its steps; the result is the whole run.</summary>
public static class Planner
{
    public static BuildPlan Create(BuildContext context, IReadOnlyList<FrostingTask<BuildContext>> tasksInOrder)
    {
        var steps = new List<PlanStep>();
        foreach (var task in tasksInOrder)
        {
            if (task is not IPlannedTask planned || !task.ShouldRun(context))
            {
                continue;
            }

            // Two targets may ask for the same image (BuildImage without --stage is the dev image): build it once.
            steps.AddRange(planned.Plan(context).Where(step => !steps.Any(s => s.Command.ToArguments().SequenceEqual(step.Command.ToArguments()))));
        }

        var images = context.Images;
        var notes = new List<string>();
        if (context.Facts.Version.Warning is not null)
        {
            notes.Add(context.Facts.Version.Warning);
        }

        // The original's notes speak of the base and framework builds (a local-dev build alone has none).
        if (steps.Any(s => s.Command is Docker.DockerBuildSettings { Target: not null }))
        {
            notes.AddRange(context.Options.Frameworks.SelectMany(images.Notes).Distinct());
        }

        return new BuildPlan(context.Facts.Version, steps.Count > 0 ? images.Directories() : [], steps, notes);
    }
}
