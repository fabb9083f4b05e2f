using Build.Planning;

namespace Build.Execution;

/// <summary>
/// Carries out a plan on this machine. The sequential executor runs each command as its own process, in order;
/// another executor can run the same plan differently (for example all image builds as one BuildKit solve),
/// as long as the images and the report are the same.
/// </summary>
public interface IPlanExecutor
{
    /// <summary>
    /// Before the first task of a real run: checks what the plan needs from the engine, then makes the plan's
    /// directories. The executor's own lines go to <paramref name="output"/>: the run's standard output, or standard
    /// error when a real RunContainer leaves the process's standard output to the container.
    /// </summary>
    void Prepare(BuildPlan plan, TextWriter output);

    /// <summary>Runs these steps of the plan (one task's part) in order, stopping at the first failure.</summary>
    void Run(BuildPlan plan, IReadOnlyList<PlanStep> steps);

    /// <summary>
    /// After the last task, also after a failure or a signal: a run that did not finish its image steps puts the tags
    /// it moved back (docs/decisions.md §4.5); the tags' locks are let go.
    /// </summary>
    void Finish(bool succeeded);
}
