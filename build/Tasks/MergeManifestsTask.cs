using Build.Docker;
using Build.Frosting;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Merges the per-architecture images of earlier Publish --push-by-digest runs (--digests-from REPORT, repeatable) into one manifest list per image under its tags in --registry (docker buildx imagetools create); the list's digest goes into the report.")]
public sealed class MergeManifestsTask : FrostingTask<BuildContext>, IPlannedTask
{
    public string Name => CakeHost<BuildContext>.TaskName(GetType());

    public IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier)
    {
        var release = inputs.Release;
        var steps = new List<PlanStep>();
        steps.AddRange(PublishComposer.Login(Name, release));

        foreach (var list in MergeComposer.Lists(release, inputs.Sources.DigestReports, inputs.Facts.Version.Version, inputs.Images.Labels()))
        {
            steps.Add(new PlanStep(Name, $"manifest list {list.Tags[0]}", [], [], list));
        }

        return steps;
    }

    public override void Run(BuildContext context) => context.Executor.Run(context.Plan, context.Plan.StepsOf(Name).ToList());
}
