using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Builds the frontend image dynamo:<VERSION>-none-frontend (container/Dockerfile.frontend): /epp from BuildEpp (or --epp-image) and the venv of the none dev image.")]
[IsDependentOn(typeof(BuildDevImageTask))]
[IsDependentOn(typeof(BuildEppTask))]
[AcceptsOptions(OptionScope.ImageBuild | OptionScope.BuildFrontend)]
public sealed class BuildFrontendTask : ImageBuildTask
{
    public override IEnumerable<PlanStep> Plan(PlanInputs inputs)
    {
        var images = inputs.ReleaseImages;
        // A given --epp-image may live in a registry (docker pulls it); the suite's own images must exist locally.
        string[] needs = inputs.Release.EppImage is null ? [images.FrontendBase, images.EppImage] : [images.FrontendBase];
        yield return new PlanStep(Name, "frontend image", images.FrontendTags(), needs, images.FrontendBuild());
    }
}
