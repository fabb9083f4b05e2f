using Build.Options;

namespace Build.Planning;

/// <summary>A task that contributes commands to the plan, from the plan's inputs only (no I/O).</summary>
public interface IPlannedTask
{
    /// <summary>The task's name, which its steps carry.</summary>
    string Name { get; }

    /// <summary>Whether the task builds an image with these options (the builder is read for image builds only).</summary>
    bool BuildsImages(BuildOptions options) => false;

    /// <summary>
    /// What the task refuses from the inputs alone (Publish: a dirty tree), before the builder is read and the steps
    /// are planned: as every refusal of bad input, before any docker command.
    /// </summary>
    /// <exception cref="UsageException">The inputs are refused.</exception>
    void Check(PlanInputs inputs)
    {
    }

    /// <summary>The steps, knowing the steps planned before this task (Publish pushes what the earlier tasks build).</summary>
    IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier);

    /// <summary>Host directories a real run creates before the steps (the dry run prints them as mkdir -p).</summary>
    IEnumerable<string> Directories(PlanInputs inputs) => [];

    /// <summary>What the run tells before it starts, in a dry run as in a real one (Publish: the tags it leaves out).</summary>
    /// <param name="steps">The whole plan's steps.</param>
    IEnumerable<string> Notes(PlanInputs inputs, IReadOnlyList<PlanStep> steps) => [];
}

/// <summary>What the earlier tasks plan for one platform of a Publish of several platforms (docs/decisions.md §6.2).</summary>
/// <param name="Platform">The platform, as --platform lists it.</param>
/// <param name="Local">The platform the run's local images are built for: its steps are the plan's own.</param>
/// <param name="Steps">The earlier tasks' steps planned for this platform.</param>
public sealed record PlatformSteps(string Platform, bool Local, IReadOnlyList<PlanStep> Steps);

/// <summary>A task that publishes every platform of --platform (Publish): planned with the earlier tasks' steps per platform.</summary>
public interface IPlatformPublisher : IPlannedTask
{
    /// <param name="platforms">Every platform listed, in order, with the earlier tasks' steps for it.</param>
    IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier, IReadOnlyList<PlatformSteps> platforms);
}
