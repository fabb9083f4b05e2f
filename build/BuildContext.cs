using Build.Execution;
using Build.Frosting;
using Build.Options;
using Build.Planning;
using Cake.Core;

namespace Build;

/// <summary>The typed state of a run: validated options, machine facts, the plan, and the docker client.</summary>
public sealed class BuildContext : FrostingContext
{
    private BuildContext(ICakeContext context, HostOptions host, BuildOptions options, PlanningFacts facts)
        : base(context)
    {
        Host = host;
        Options = options;
        Facts = facts;
        Images = new ImageBuildComposer(options, facts);
        Docker = new DockerTool(context, options.DockerPath);
    }

    public static IReadOnlyList<OptionSpec> OptionSpecs => [.. BuildOptions.Specs, .. RunOptions.Specs, .. ReleaseOptions.Specs];

    public HostOptions Host { get; }

    public BuildOptions Options { get; }

    public PlanningFacts Facts { get; }

    /// <summary>The options of BuildEpp, BuildFrontend and Publish.</summary>
    public ReleaseOptions Release { get; private init; } = new();

    public ImageBuildComposer Images { get; }

    /// <summary>The EPP and frontend builds' composer.</summary>
    public ReleaseComposer ReleaseImages => new(Release, Facts, Images);

    public DockerTool Docker { get; }

    public BuildPlan Plan { get; private set; } = BuildPlan.Empty;

    /// <summary>RunContainer's docker run, host directory and warnings; null when RunContainer does not run.</summary>
    public ContainerRun? ContainerRun { get; private set; }

    /// <summary>The tasks this run executes, dependencies first (what Cake will run, unless a task's criteria skip it).</summary>
    public IReadOnlyList<string> TasksInOrder { get; private set; } = [];

    public BuildReport Report { get; } = new();

    public bool Runs(string task) => TasksInOrder.Contains(task, StringComparer.Ordinal);

    /// <summary>Parses and validates the options, gathers the facts, and makes the plan; nothing on the machine changes.</summary>
    public static BuildContext Create(HostRun<BuildContext> run) => Create(run, PlanningFacts.Gather);

    /// <param name="gatherFacts">Reads the machine (git, user, environment) from the options and the working directory; tests pass fixed facts.</param>
    /// <param name="gatherRunFacts">RunContainer's facts (GPUs, terminal, ports; see <see cref="RunFacts.Gather"/>); tests pass fixed facts.</param>
    public static BuildContext Create(HostRun<BuildContext> run, Func<BuildOptions, string, PlanningFacts> gatherFacts, Func<BuildContext, RunOptions, RunFacts>? gatherRunFacts = null)
    {
        var options = BuildOptions.Parse(run.Arguments);
        var taskNames = run.TasksInOrder.Select(t => CakeHost<BuildContext>.TaskName(t.GetType())).ToList();
        var release = ReleaseOptions.Parse(run.Arguments, taskNames, run.Cake.Environment.WorkingDirectory.FullPath);
        options = release.Adjust(options, run.Arguments, taskNames);
        var runOptions = RunOptions.ParseFor(run.Arguments, options, taskNames.Contains(RunOptions.Task), run.TasksInOrder.Any(t => t is Tasks.ImageBuildTask));

        var facts = gatherFacts(options, run.Cake.Environment.WorkingDirectory.FullPath);
        var context = new BuildContext(run.Cake, run.Host, options, facts)
        {
            TasksInOrder = taskNames,
            Release = release,
        };
        BuildValidation.Check(context);
        if (runOptions is not null)
        {
            var runFacts = (gatherRunFacts ?? GatherRunFacts)(context, runOptions);
            context.ContainerRun = ContainerRunComposer.Compose(options, runOptions, runFacts);
        }

        context.Plan = Planner.Create(context, run.TasksInOrder);
        if (context.ContainerRun is { } containerRun && !run.Host.Tree && !run.Host.Description)
        {
            // Warnings of the run (no GPU, no terminal, ports in use): stderr, once, in a dry run as in a real one.
            foreach (var warning in containerRun.Warnings)
            {
                Console.Error.WriteLine($"WARNING: {warning}");
            }
        }

        return context;
    }

    private static RunFacts GatherRunFacts(BuildContext context, RunOptions options) =>
        RunFacts.Gather(options, context.Facts.RepoRoot, context.Environment.WorkingDirectory.FullPath, () =>
        {
            // The engine's runtimes; a dry run does not need the engine, so an unreachable one only skips this check.
            try
            {
                var info = context.Docker.Capture(new Docker.DockerInfoSettings("{{json .Runtimes}}"));
                return info.ExitCode == 0 ? info.Output : null;
            }
            catch (ToolFailedException)
            {
                return null;
            }
        });
}

/// <summary>Finds the repository root (the folder holding container/), so the host works from any subfolder.</summary>
public static class RepositoryRoot
{
    public static string Find(string? given, string workingDirectory)
    {
        if (given is not null)
        {
            var full = Path.GetFullPath(given, workingDirectory);
            if (!Directory.Exists(Path.Combine(full, "container")))
            {
                throw new UsageException($"--repo-root '{given}' has no container/ folder.");
            }

            return full;
        }

        // From the working directory up, then from the host's own location (.build/host inside the clone).
        foreach (var start in new[] { workingDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "cake.config")) && Directory.Exists(Path.Combine(dir.FullName, "container")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new UsageException($"no repository root above '{workingDirectory}' (a folder with cake.config and container/): run from the clone or pass --repo-root DIR.");
    }
}
