namespace Build.Planning;

/// <summary>A task that contributes commands to the plan, from the plan's inputs only (no I/O).</summary>
public interface IPlannedTask
{
    /// <summary>The task's name, which its steps carry.</summary>
    string Name { get; }

    /// <summary>The steps, knowing the steps planned before this task (Publish pushes what the earlier tasks build).</summary>
    IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier);

    /// <summary>Host directories a real run creates before the steps (the dry run prints them as mkdir -p).</summary>
    IEnumerable<string> Directories(PlanInputs inputs) => [];
}
