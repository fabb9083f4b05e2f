using Build.Execution;
using Build.Facts;
using Build.Frosting;
using Build.Options;
using Build.Planning;
using Cake.Core;

namespace Build;

/// <summary>
/// The typed state of a run: validated options, the facts read from the machine, the plan, and its executor; set by
/// <see cref="BuildSetup"/>, read by the tasks and the lifetime.
/// </summary>
public sealed class BuildContext(ICakeContext context) : FrostingContext(context)
{
    public static IReadOnlyList<OptionSpec> OptionSpecs => [.. BuildOptions.Specs, .. RunOptions.Specs, .. ReleaseOptions.Specs];

    public required HostOptions Host { get; init; }

    public required BuildOptions Options { get; init; }

    /// <summary>The options of BuildEpp, BuildFrontend and Publish.</summary>
    public ReleaseOptions Release { get; init; } = new();

    /// <summary>The tasks this run executes, dependencies first (what Cake will run, unless a task's criteria skip it).</summary>
    public IReadOnlyList<string> TasksInOrder { get; init; } = [];

    public PlanningFacts Facts { get; internal set; } = null!;

    /// <summary>Everything the plan was made from.</summary>
    public PlanInputs Inputs { get; internal set; } = null!;

    /// <summary>What the plan's inputs on disk and remotes hold (stages, wheels, GAIE tree, working tree).</summary>
    public SourceFacts Sources => Inputs.Sources;

    /// <summary>The EPP and frontend builds' composer.</summary>
    public ReleaseComposer ReleaseImages => Inputs.ReleaseImages;

    /// <summary>RunContainer's docker run, host directory and warnings; null when RunContainer does not run.</summary>
    public ContainerRun? ContainerRun { get; internal set; }

    public BuildPlan Plan { get; internal set; } = BuildPlan.Empty;

    public required DockerTool Docker { get; init; }

    /// <summary>Runs the plan on this machine (a real run), as the plan says: one bake, or one build after another.</summary>
    public IPlanExecutor Executor { get; internal set; } = null!;

    public BuildReport Report { get; } = new();
}
