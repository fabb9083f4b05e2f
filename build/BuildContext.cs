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

    public static IReadOnlyList<OptionSpec> OptionSpecs => BuildOptions.Specs;

    public HostOptions Host { get; }

    public BuildOptions Options { get; }

    public PlanningFacts Facts { get; }

    public ImageBuildComposer Images { get; }

    public DockerTool Docker { get; }

    public BuildPlan Plan { get; private set; } = BuildPlan.Empty;

    /// <summary>The tasks this run executes, dependencies first (what Cake will run, unless a task's criteria skip it).</summary>
    public IReadOnlyList<string> TasksInOrder { get; private set; } = [];

    public BuildReport Report { get; } = new();

    public bool Runs(string task) => TasksInOrder.Contains(task, StringComparer.Ordinal);

    /// <summary>Parses and validates the options, gathers the facts, and makes the plan; nothing on the machine changes.</summary>
    public static BuildContext Create(HostRun<BuildContext> run) => Create(run, PlanningFacts.Gather);

    /// <param name="gatherFacts">Reads the machine (git, user, environment) from the options and the working directory; tests pass fixed facts.</param>
    public static BuildContext Create(HostRun<BuildContext> run, Func<BuildOptions, string, PlanningFacts> gatherFacts)
    {
        var options = BuildOptions.Parse(run.Arguments);
        if (run.Arguments.HasSeparator)
        {
            throw new UsageException("'--' is only for RunContainer's container command.");
        }

        var facts = gatherFacts(options, run.Cake.Environment.WorkingDirectory.FullPath);
        var context = new BuildContext(run.Cake, run.Host, options, facts)
        {
            TasksInOrder = run.TasksInOrder.Select(t => CakeHost<BuildContext>.TaskName(t.GetType())).ToList(),
        };
        BuildValidation.Check(context);
        context.Plan = Planner.Create(context, run.TasksInOrder);
        return context;
    }
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
