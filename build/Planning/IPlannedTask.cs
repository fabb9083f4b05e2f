namespace Build.Planning;

/// <summary>A task that contributes docker invocations to the plan. Planning must only read the context.</summary>
public interface IPlannedTask
{
    IEnumerable<PlanStep> Plan(BuildContext context);

    /// <summary>The steps, knowing the steps planned before this task (Publish pushes what the earlier tasks build).</summary>
    IEnumerable<PlanStep> Plan(BuildContext context, IReadOnlyList<PlanStep> earlier) => Plan(context);

    /// <summary>Host directories a real run creates before the steps (the dry run prints them as mkdir -p).</summary>
    IEnumerable<string> Directories(BuildContext context) => [];
}
