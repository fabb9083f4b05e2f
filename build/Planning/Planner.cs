using Build.Docker;
using Build.Facts;
using Build.Options;

namespace Build.Planning;

/// <summary>Asks each task that will run, in order, for its steps; the result is the whole run.</summary>
public static class Planner
{
    /// <param name="tasksInOrder">The planned tasks that will run, dependencies first (tasks whose criteria skip them left out).</param>
    public static BuildPlan Create(PlanInputs inputs, IEnumerable<IPlannedTask> tasksInOrder)
    {
        var steps = new List<PlanStep>();
        var directories = new List<string>();
        var planned = new List<IPlannedTask>();
        foreach (var task in tasksInOrder)
        {
            directories.AddRange(task.Directories(inputs));
            AddOnce(steps, task is IPlatformPublisher publisher && inputs.Options.PublishPlatforms.Count > 1
                ? publisher.Plan(inputs, [.. steps], [.. inputs.Options.PublishPlatforms.Select(p => PlatformSteps(inputs, p, planned, steps))])
                : task.Plan(inputs, [.. steps]));
            planned.Add(task);
        }

        BuilderPlanning.LoadWhatLaterStepsUse(steps, BuilderPlanning.ReadsNoImageStore(inputs.Options, inputs.Facts));
        ImageNames.CheckAll(steps, inputs.Facts.Version);
        var images = inputs.Images;
        var version = inputs.Facts.Version;
        var notes = new List<string>();
        // The version names images; a plan that builds none (RunContainer alone) does not need to warn about it.
        if (version.Warning is not null && steps.Any(s => s.Command is DockerBuildSettings))
        {
            notes.Add(version.Warning);
        }

        // The notes speak of the base and framework builds (a local-dev build alone has none).
        if (steps.Any(s => s.Command is DockerBuildSettings { Target: not null }))
        {
            notes.AddRange(inputs.Options.Frameworks.SelectMany(images.Notes).Distinct());
        }

        // The image builds' directories only when something is built (a run-only plan needs none of them).
        IReadOnlyList<string> buildDirectories = steps.Any(s => s.Command is DockerBuildSettings) ? images.Directories() : [];
        var executionNotesAt = notes.Count;
        notes.AddRange(planned.SelectMany(t => t.Notes(inputs, steps)));
        var builds = steps.Where(s => s.Command is DockerBuildSettings).ToList();
        var bake = BakePlanning.Bake(steps) is { } settings
            ? new PlanStep(builds[0].Task, $"bake {builds.Count} image{(builds.Count == 1 ? "" : "s")}", [.. builds.SelectMany(b => b.Tags)], [], settings with { Overrides = inputs.Options.BakeSets })
            : null;
        return new BuildPlan(version, [.. buildDirectories, .. directories.Distinct()], steps, notes) { Bake = bake, ContextFiles = inputs.Facts.Context.Files, ExecutionNotesAt = executionNotesAt };
    }

    /// <summary>
    /// How the plan runs, from the facts read for it: the executor (--executor and the client's buildx) and the
    /// builder's check of the platforms the plan builds, each with its note. Pure.
    /// </summary>
    /// <exception cref="EnvironmentException">--executor bake with a client that cannot bake; a builder that cannot build the plan.</exception>
    /// <exception cref="UsageException">--executor sequential for builds a builder that reads no image store links only inside one bake.</exception>
    public static BuildPlan ChooseExecutor(BuildPlan plan, BuildOptions options, PlanningFacts facts)
    {
        var builds = plan.Steps.Select(s => s.Command).OfType<DockerBuildSettings>().ToList();
        var oneBake = BuilderPlanning.OnlyInOneBake(options, facts, plan.Steps);
        var (executor, executorNote) = BakePlanning.Choose(options.Executor, facts.Buildx, options.DockerPath ?? "docker", builds, options.Frameworks.Count, oneBake);
        var builderNote = BuilderPlanning.Check(facts.Builder, [.. plan.Steps.Select(s => BuilderPlanning.BuildOf(s.Command)).OfType<DockerBuildSettings>()], facts.DockerfilesWithoutRun);
        return plan.WithExecutor(executor, [.. new[] { executorNote, builderNote }.OfType<string>()]);
    }

    /// <summary>Two targets may ask for the same image (BuildImage without --stage is the dev image): build it once.</summary>
    private static void AddOnce(List<PlanStep> steps, IEnumerable<PlanStep> added) =>
        steps.AddRange(added.Where(step => !steps.Any(s => s.Command.ToArguments().SequenceEqual(step.Command.ToArguments()))));

    /// <summary>The earlier tasks' steps for one platform of a Publish of several: the plan's own for the local platform, else planned again for it.</summary>
    private static PlatformSteps PlatformSteps(PlanInputs inputs, string platform, IReadOnlyList<IPlannedTask> earlierTasks, IReadOnlyList<PlanStep> earlier)
    {
        if (platform == inputs.Options.Platform)
        {
            return new PlatformSteps(platform, Local: true, [.. earlier]);
        }

        var other = inputs.ForPlatform(platform);
        var steps = new List<PlanStep>();
        foreach (var task in earlierTasks)
        {
            AddOnce(steps, task.Plan(other, [.. steps]));
        }

        return new PlatformSteps(platform, Local: false, steps);
    }
}
