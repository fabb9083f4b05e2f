using Build.Docker;
using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Merges the per-architecture images of earlier Publish --push-by-digest runs (--digests-from REPORT, repeatable) into one manifest list per image under its tags in --registry (docker buildx imagetools create); the list's digest goes into the report.")]
[AcceptsOptions(OptionScope.MergeManifests)]
public sealed class MergeManifestsTask : FrostingTask<BuildContext>, IPlannedTask
{
    public string Name => CakeHost<BuildContext>.TaskName(GetType());

    /// <summary>Reports that do not belong together (<see cref="MergeComposer.Check"/>).</summary>
    public void Check(PlanInputs inputs) =>
        MergeComposer.Check(inputs.Release, inputs.Sources.DigestReports, inputs.Facts.Version.Version);

    public IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier)
    {
        var release = inputs.Release;
        var steps = new List<PlanStep>();
        steps.AddRange(PublishComposer.Login(Name, release));

        foreach (var list in MergeComposer.Lists(inputs.Sources.DigestReports, inputs.Images.Labels()))
        {
            steps.Add(new PlanStep(Name, $"manifest list {list.Tags[0]}", [], [], list));
        }

        return steps;
    }

    public override void Run(BuildContext context) => context.Executor.Run(context.Plan, context.Plan.StepsOf(Name).ToList());
}
