using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskName(ReleaseOptions.BuildEppTask)]
[TaskDescription("Builds the Dynamo EPP image dynamo-epp:<VERSION> from a Gateway API Inference Extension tree (--gaie-dir, or --gaie-git/--gaie-ref): patches, C library, container/Dockerfile.epp.")]
public sealed class BuildEppTask : ImageBuildTask
{
    /// <summary>BuildFrontend with --epp-image uses that image instead.</summary>
    public override bool ShouldRun(BuildContext context) => context.Release.EppImage is null;

    public override IEnumerable<PlanStep> Plan(BuildContext context)
    {
        var source = GaieSource.Resolve(context.Release, context.Facts.RepoRoot);
        return context.ReleaseImages.EppSteps(source).Select(s => new PlanStep(Name, s.Title, s.Tags, [], s.Command));
    }
}
