namespace Build.Planning;

/// <summary>A task that contributes docker invocations to the plan. Planning must only read the context.</summary>
public interface IPlannedTask
{
    IEnumerable<PlanStep> Plan(BuildContext context);
}
