using Build.CommandLine;
using Build.Docker;
using Build.Versioning;

namespace Build.Planning;

/// <summary>One command of the plan (a docker invocation or a host step), with what it is for.</summary>
/// <param name="Task">The Cake task that runs it.</param>
/// <param name="Title">What it builds, for logs and the summary.</param>
/// <param name="Tags">The image names it produces (empty for commands that build nothing).</param>
/// <param name="Needs">Images it consumes that a task of this suite produces (checked before a real run when not built in the same run).</param>
public sealed record PlanStep(
    string Task,
    string Title,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Needs,
    ArgvCommand Command)
{
    /// <summary>An image only later builds of the run consume (a framework's base): built, never published.</summary>
    public bool Intermediate { get; init; }
}

/// <summary>The whole run, decided before anything runs: what the dry run prints, the JSON shows and the real run executes.</summary>
public sealed record BuildPlan(
    VersionInfo Version,
    IReadOnlyList<string> Directories,
    IReadOnlyList<PlanStep> Steps,
    IReadOnlyList<string> Notes)
{
    public static readonly BuildPlan Empty = new(VersionInfo.Unknown("no plan"), [], [], []);

    /// <summary>The context files the values came from: container/context.yaml, then the --context overlays.</summary>
    public IReadOnlyList<string> ContextFiles { get; init; } = [];

    /// <summary>How the image builds run (--executor and the client's buildx; <see cref="Planner.ChooseExecutor"/>).</summary>
    public PlanExecutor Executor { get; private init; } = PlanExecutor.Sequential;

    /// <summary>Where in <see cref="Notes"/> the notes on how the plan runs go: after those of its inputs, before the tasks' own.</summary>
    public int ExecutionNotesAt { get; init; }

    /// <summary>
    /// Every image build of the plan as one <c>docker buildx bake</c> (null when nothing is built): what the bake
    /// executor runs, --bake-file writes and --plan-json shows; the steps keep each image's own build.
    /// </summary>
    public PlanStep? Bake { get; init; }

    /// <summary>The steps in the order the real run executes them and the dry run prints them.</summary>
    public IReadOnlyList<PlanStep> ExecutionOrder => Executor == PlanExecutor.Bake && Bake is not null
        ? BakePlanning.ExecutionOrder(Steps, Bake)
        : Steps;

    public IEnumerable<PlanStep> StepsOf(string task) => Steps.Where(s => s.Task == task);

    /// <summary>The plan run by <paramref name="executor"/>, with the notes that say how it runs in their place.</summary>
    public BuildPlan WithExecutor(PlanExecutor executor, IReadOnlyList<string> notes) => this with
    {
        Executor = executor,
        Notes = [.. Notes.Take(ExecutionNotesAt), .. notes, .. Notes.Skip(ExecutionNotesAt)],
    };
}
