using Build.Facts;
using Build.Options;

namespace Build.Planning;

/// <summary>
/// What the chosen tasks are, as planning needs to know it (planning does not name tasks: the host fills this
/// from the task classes).
/// </summary>
/// <param name="BuildsNamedStage">BuildImage runs (the task whose stage --stage picks).</param>
/// <param name="BuildsLocalDev">BuildLocalDev runs.</param>
/// <param name="RunsContainer">RunContainer runs.</param>
/// <param name="FrameworkImageTasks">How many of BuildImage, BuildDevImage, BuildRuntime run.</param>
public sealed record TaskSelection(bool BuildsNamedStage, bool BuildsLocalDev, bool RunsContainer, int FrameworkImageTasks)
{
    public static readonly TaskSelection None = new(false, false, false, 0);
}

/// <summary>Everything a plan is made from: the options and the facts read before. Planning reads nothing else.</summary>
public sealed record PlanInputs(
    BuildOptions Options,
    ReleaseOptions Release,
    PlanningFacts Facts,
    SourceFacts Sources,
    TaskSelection Tasks,
    ContainerRun? ContainerRun)
{
    private ImageBuildComposer? images;

    public ImageBuildComposer Images => images ??= new ImageBuildComposer(Options, Facts);

    /// <summary>The EPP and frontend builds' composer.</summary>
    public ReleaseComposer ReleaseImages => new(Release, Facts, Sources, Images);
}
