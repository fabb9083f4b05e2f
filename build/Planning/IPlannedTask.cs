namespace Build.Planning;

/// <summary>A task that contributes docker invocations to the plan. Planning must only read the context.</summary>
public interface IPlannedTask
{
    IEnumerable<PlanStep> Plan(BuildContext context);

    /// <summary>Host directories a real run creates before the steps (the dry run prints them as mkdir -p).</summary>
    IEnumerable<string> Directories(BuildContext context) => [];
}
