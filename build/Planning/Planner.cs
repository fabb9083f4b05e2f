using Build.Docker;

namespace Build.Planning;

/// <summary>Asks each task that will run, in order, for its steps; the result is the whole run.</summary>
public static class Planner
{
    /// <param name="tasksInOrder">The planned tasks that will run, dependencies first (tasks whose criteria skip them left out).</param>
    public static BuildPlan Create(PlanInputs inputs, IEnumerable<IPlannedTask> tasksInOrder)
    {
        var steps = new List<PlanStep>();
        var directories = new List<string>();
        foreach (var task in tasksInOrder)
        {
            directories.AddRange(task.Directories(inputs));

            // Two targets may ask for the same image (BuildImage without --stage is the dev image): build it once.
            steps.AddRange(task.Plan(inputs, [.. steps]).Where(step => !steps.Any(s => s.Command.ToArguments().SequenceEqual(step.Command.ToArguments()))));
        }

        ImageNames.CheckAll(steps, inputs.Facts.Version);
        var images = inputs.Images;
        var version = inputs.Facts.Version;
        var notes = new List<string>();
        // The version names images; a plan that builds none (RunContainer alone) does not need to warn about it.
        if (version.Warning is not null && steps.Any(s => s.Command is DockerBuildSettings))
        {
            notes.Add(version.Warning);
        }

        // The original's notes speak of the base and framework builds (a local-dev build alone has none).
        if (steps.Any(s => s.Command is DockerBuildSettings { Target: not null }))
        {
            notes.AddRange(inputs.Options.Frameworks.SelectMany(images.Notes).Distinct());
        }

        // The image builds' directories only when something is built (a run-only plan needs none of them).
        IReadOnlyList<string> buildDirectories = steps.Any(s => s.Command is DockerBuildSettings) ? images.Directories() : [];
        var builds = steps.Where(s => s.Command is DockerBuildSettings).ToList();
        var (executor, executorNote) = BakePlanning.Choose(inputs.Options.Executor, inputs.Facts.Buildx, inputs.Options.DockerPath ?? "docker", builds.Count > 0);
        if (executorNote is not null)
        {
            notes.Add(executorNote);
        }

        var bake = BakePlanning.Bake(steps) is { } settings
            ? new PlanStep(builds[0].Task, $"bake {builds.Count} image{(builds.Count == 1 ? "" : "s")}", [.. builds.SelectMany(b => b.Tags)], [], settings with { Overrides = inputs.Options.BakeSets })
            : null;
        return new BuildPlan(version, [.. buildDirectories, .. directories.Distinct()], steps, notes) { Executor = executor, Bake = bake, ContextFiles = inputs.Facts.Context.Files };
    }
}
