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

    /// <summary>Publish runs.</summary>
    public bool Publishes { get; init; }
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

    public ImageBuildComposer Images => images ??= new ImageBuildComposer(Options, Facts) { LoadsImages = BuilderPlanning.LoadsImages(Options, Facts, Tasks) };

    /// <summary>
    /// The same inputs for another platform of a Publish of several platforms: its builds with that platform's
    /// ARCH/ARCH_ALT, caches and per-architecture base names (<see cref="BuildOptions.OtherPlatform"/>).
    /// </summary>
    public PlanInputs ForPlatform(string platform) =>
        new(Options with { Platform = platform, PublishPlatforms = [], OtherPlatform = true }, Release, Facts, Sources, Tasks, ContainerRun);

    /// <summary>The EPP and frontend builds' composer.</summary>
    public ReleaseComposer ReleaseImages => new(Release, Facts, Sources, Images);
}
