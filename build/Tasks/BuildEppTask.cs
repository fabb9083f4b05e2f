using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Builds the Dynamo EPP image dynamo-epp:<VERSION> from a Gateway API Inference Extension tree (--gaie-dir, or --gaie-git/--gaie-ref): patches, C library, container/Dockerfile.epp.")]
[AcceptsOptions(OptionScope.ImageBuild | OptionScope.BuildEpp, SkippedBy = "--epp-image")]
public sealed class BuildEppTask : ImageBuildTask
{
    /// <summary>BuildFrontend with --epp-image uses that image instead.</summary>
    public override bool ShouldRun(BuildContext context) => context.Release.EppImage is null;

    public override IEnumerable<PlanStep> Plan(PlanInputs inputs)
    {
        var source = inputs.Sources.Gaie ?? throw new InvalidOperationException("BuildEpp planned without its GAIE facts");
        return inputs.ReleaseImages.EppSteps(source).Select(s => new PlanStep(Name, s.Title, s.Tags, [], s.Command));
    }
}
