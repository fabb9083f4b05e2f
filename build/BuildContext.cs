using Build.Context;
using Build.Execution;
using Build.Facts;
using Build.Frosting;
using Build.Options;
using Build.Planning;
using Build.Tasks;
using Cake.Core;

namespace Build;

/// <summary>The typed state of a run: validated options, the facts read from the machine, the plan, and its executor.</summary>
public sealed class BuildContext : FrostingContext
{
    private BuildContext(ICakeContext context, HostOptions host, BuildOptions options, PlanningFacts facts)
        : base(context)
    {
        Host = host;
        Options = options;
        Facts = facts;
        Docker = new DockerTool(context, options.DockerPath);
        sequential = new SequentialExecutor(Docker, new GitTool(context), context.Log, Report);
    }

    private readonly SequentialExecutor sequential;

    public static IReadOnlyList<OptionSpec> OptionSpecs => [.. BuildOptions.Specs, .. RunOptions.Specs, .. ReleaseOptions.Specs];

    public HostOptions Host { get; }

    public BuildOptions Options { get; }

    public PlanningFacts Facts { get; private set; }

    /// <summary>The options of BuildEpp, BuildFrontend and Publish.</summary>
    public ReleaseOptions Release { get; private init; } = new();

    /// <summary>What the plan's inputs on disk and remotes hold (stages, wheels, GAIE tree, working tree).</summary>
    public SourceFacts Sources => Inputs.Sources;

    /// <summary>Everything the plan was made from.</summary>
    public PlanInputs Inputs { get; private set; } = null!;

    public ImageBuildComposer Images => Inputs.Images;

    /// <summary>The EPP and frontend builds' composer.</summary>
    public ReleaseComposer ReleaseImages => Inputs.ReleaseImages;

    public DockerTool Docker { get; }

    /// <summary>Runs the plan on this machine (a real run), as the plan says: one bake, or one build after another.</summary>
    public IPlanExecutor Executor => executor ??= Plan.Executor == PlanExecutor.Bake
        ? new BakeExecutor(sequential, Docker, Log, Report, BakeView.ForConsole())
        : sequential;

    private IPlanExecutor? executor;

    public BuildPlan Plan { get; private set; } = BuildPlan.Empty;

    /// <summary>RunContainer's docker run, host directory and warnings; null when RunContainer does not run.</summary>
    public ContainerRun? ContainerRun { get; private set; }

    /// <summary>The tasks this run executes, dependencies first (what Cake will run, unless a task's criteria skip it).</summary>
    public IReadOnlyList<string> TasksInOrder { get; private set; } = [];

    public BuildReport Report { get; } = new();

    public bool Runs(string task) => TasksInOrder.Contains(task, StringComparer.Ordinal);

    /// <summary>Parses and validates the options, reads the facts, and makes the plan from them; nothing on the machine changes.</summary>
    public static BuildContext Create(HostRun<BuildContext> run) => Create(run, PlanningFacts.Gather, gatherBuildx: GatherBuildx, gatherBuilder: GatherBuilder);

    /// <param name="gatherFacts">Reads the machine (git, user, environment) from the options and the working directory; tests pass fixed facts.</param>
    /// <param name="gatherRunFacts">RunContainer's facts (GPUs, terminal, ports; see <see cref="RunFacts.Gather"/>); tests pass fixed facts.</param>
    /// <param name="gatherBuildx">The client's buildx (<c>docker buildx version</c>); null (tests' hand-made facts): not read, so --executor auto plans sequentially.</param>
    /// <param name="gatherBuilder">The builder (<c>docker buildx inspect</c>); null (tests' hand-made facts): not read, the facts' own is used.</param>
    public static BuildContext Create(
        HostRun<BuildContext> run,
        Func<BuildOptions, string, PlanningFacts> gatherFacts,
        Func<BuildContext, RunOptions, RunFacts>? gatherRunFacts = null,
        Func<BuildContext, BuildxFacts>? gatherBuildx = null,
        Func<BuildContext, BuilderFacts>? gatherBuilder = null)
    {
        // Options: each value by its declaration, the checks across options, the scopes of the run's tasks, the checks by task.
        var args = run.Arguments;
        var taskNames = run.TasksInOrder.Select(t => TaskCatalog<BuildContext>.TaskName(t.GetType())).ToList();
        var workingDirectory = run.Cake.Environment.WorkingDirectory.FullPath;
        var options = BuildOptions.Parse(args);
        var release = ReleaseOptions.Parse(args);
        options = release.Adjust(options, args, taskNames);
        ScopesOf(run.TasksInOrder, options, release).Check(args);
        release.Check(args, taskNames);
        release.CheckPlatforms(options, taskNames);
        var runOptions = RunOptions.ParseFor(args, options, taskNames.Contains(RunOptions.Task));
        options = options with
        {
            // Our own files are written relative to the host's working directory (--working), not the process's.
            PlanJson = options.PlanJson is null ? null : Path.GetFullPath(options.PlanJson, workingDirectory),
            ReportJson = options.ReportJson is null ? null : Path.GetFullPath(options.ReportJson, workingDirectory),
            BakeFile = options.BakeFile is null ? null : Path.GetFullPath(options.BakeFile, workingDirectory),
        };
        CheckOutputPath(args, "--plan-json", options.PlanJson);
        CheckOutputPath(args, "--report-json", options.ReportJson);
        CheckOutputPath(args, "--bake-file", options.BakeFile);

        // Facts: what the options name on the machine, then git, user and environment.
        var facts = gatherFacts(options, workingDirectory);
        options = options.WithLocalPlatform(facts.NativeArchitecture);
        release = OptionInputFacts.Check(options, release, taskNames, workingDirectory);
        var context = new BuildContext(run.Cake, run.Host, options, facts)
        {
            TasksInOrder = taskNames,
            Release = release,
        };

        // Facts first (only those the chosen tasks use), then the plan from options and facts alone.
        var tasks = run.TasksInOrder;
        var selection = new TaskSelection(
            tasks.Any(t => t is BuildImageTask),
            tasks.Any(t => t is BuildLocalDevTask),
            tasks.Any(t => t is RunContainerTask),
            tasks.Count(t => t is BuildImageTask or BuildDevImageTask or BuildRuntimeTask))
        {
            Publishes = tasks.Any(t => t is PublishTask),
        };
        var stagesOf = (options.Stage is not null && selection.BuildsNamedStage) || tasks.Any(t => t is CiMatrixTask)
            ? options.Frameworks.Select(f => Path.Combine(facts.ContainerDir, facts.Context.Of(f).Dockerfile)).ToList()
            : [];
        var wheel = options.Frameworks.Contains(Framework.Trtllm) && options.Trtllm.EffectivePipWheel(facts.Context.Trtllm) is null && options.DevImage is null;
        var validationSources = SourceFacts.Gather(new SourceFactsRequest(stagesOf, wheel, Epp: false, WorkingTree: false), options, release, facts);
        context.Inputs = new PlanInputs(options, release, facts, validationSources, selection, null);
        PlanValidation.Check(context.Inputs);

        // The GAIE tree and the working tree only now: bad options are reported before a remote is asked.
        var planned = tasks.Where(t => t.ShouldRun(context)).OfType<IPlannedTask>().ToList();
        var epp = SourceFacts.Gather(
            new SourceFactsRequest([], false, planned.Any(t => t is BuildEppTask), planned.Any(t => t is PublishTask)), options, release, facts);
        var sources = validationSources with
        {
            Gaie = epp.Gaie,
            EppPatches = epp.EppPatches,
            WorkingTreeChanges = epp.WorkingTreeChanges,
            DigestReports = planned.Any(t => t is MergeManifestsTask) ? DigestReports.Read(release.DigestsFrom, workingDirectory) : [],
        };
        ContainerRun? containerRun = null;
        if (runOptions is not null)
        {
            var runFacts = (gatherRunFacts ?? GatherRunFacts)(context, runOptions);
            containerRun = ContainerRunComposer.Compose(options, runOptions, runFacts);
        }

        context.ContainerRun = containerRun;
        context.Inputs = context.Inputs with { Sources = sources, ContainerRun = containerRun };
        context.Plan = Planner.Create(context.Inputs, planned);

        // The engine's capability only when it decides something: image builds, an executor other than sequential.
        // (--tree and --description run no step: nothing to decide.)
        var runsSteps = !run.Host.Tree && !run.Host.Description;
        var readsBuildx = gatherBuildx is not null && runsSteps && context.Plan.Bake is not null && options.Executor != ExecutorChoice.Sequential;

        // The builder when it decides something (docs/decisions.md §6.6): --builder, or the platforms of a release.
        var builds = context.Plan.Steps.Select(s => BuilderPlanning.BuildOf(s.Command)).OfType<Docker.DockerBuildSettings>().ToList();
        var readsBuilder = gatherBuilder is not null && runsSteps && builds.Count > 0 && (options.Builder is not null || options.PublishPlatforms.Count > 1);
        if (readsBuildx || readsBuilder)
        {
            context.Facts = context.Facts with
            {
                Buildx = readsBuildx ? gatherBuildx!(context) : null,
                Builder = readsBuilder ? gatherBuilder!(context) : context.Facts.Builder,
                DockerfilesWithoutRun = readsBuilder ? builds.Select(b => b.File).Distinct().Where(f => !DockerfileStages.HasRun(f)).ToHashSet() : context.Facts.DockerfilesWithoutRun,
            };

            // New inputs, not a copy: the image composer they keep was made from the facts before.
            var inputs = context.Inputs;
            context.Inputs = new PlanInputs(inputs.Options, inputs.Release, context.Facts, inputs.Sources, inputs.Tasks, inputs.ContainerRun);
            context.Plan = Planner.Create(context.Inputs, planned);
        }

        PlanValidation.CheckPassThrough(options, context.Plan);

        if (containerRun is not null && !run.Host.Tree && !run.Host.Description)
        {
            // Warnings of the run (no GPU, no terminal, ports in use): stderr, once, in a dry run as in a real one.
            foreach (var warning in containerRun.Warnings)
            {
                Console.Error.WriteLine($"WARNING: {warning}");
            }
        }

        return context;
    }

    /// <summary>The option scopes the run's tasks have: the one place that says which task uses which options.</summary>
    public static RunScopes ScopesOf(IReadOnlyList<FrostingTask<BuildContext>> tasks, BuildOptions options, ReleaseOptions release)
    {
        var active = OptionScope.Everywhere;
        foreach (var task in tasks)
        {
            active |= task switch
            {
                Tasks.BuildImageTask => OptionScope.ImageBuild | OptionScope.Stage,
                Tasks.BuildLocalDevTask => OptionScope.ImageBuild | OptionScope.LocalDev,
                Tasks.BuildEppTask when release.EppImage is null => OptionScope.ImageBuild | OptionScope.BuildEpp,
                Tasks.BuildEppTask => OptionScope.Everywhere,
                Tasks.BuildFrontendTask => OptionScope.ImageBuild | OptionScope.BuildFrontend,
                Tasks.ImageBuildTask => OptionScope.ImageBuild,
                Tasks.PublishTask => OptionScope.Publish,
                Tasks.CiMatrixTask => OptionScope.CiMatrix,
                Tasks.MergeManifestsTask => OptionScope.MergeManifests,
                Tasks.RunContainerTask => OptionScope.RunContainer,
                Tasks.ShowContextTask => OptionScope.ShowContext,
                _ => OptionScope.Everywhere,
            };
        }

        if ((active & OptionScope.ImageBuild) != 0 && options.Frameworks.Contains(Framework.Trtllm))
        {
            active |= OptionScope.Trtllm;
        }

        var eppSkipped = tasks.Any(t => t is Tasks.BuildEppTask) && release.EppImage is not null;
        return new RunScopes(active, string.Join(",", options.Frameworks), eppSkipped);
    }

    /// <summary>
    /// <c>docker buildx version</c>: the client's plugin alone, no engine needed. The answer is kept for the next run
    /// (<see cref="BuildxProbeCache"/>); a dry run reads it but writes nothing.
    /// </summary>
    private static BuildxFacts GatherBuildx(BuildContext context) => BuildxProbeCache.Through(
        BuildxProbeCache.File(AppContext.BaseDirectory),
        BuildxProbeCache.Key(context.Options.DockerPath, System.Environment.GetEnvironmentVariable),
        keep: !context.Options.DryRun,
        probe: () =>
        {
            try
            {
                var version = context.Docker.Capture(new Docker.DockerBuildxVersionSettings());
                return BuildxFacts.From(version.ExitCode, version.Output, version.Error);
            }
            catch (ToolFailedException e)
            {
                return new BuildxFacts(null, e.Message);
            }
        });

    /// <summary>
    /// <c>docker buildx inspect [--bootstrap] [NAME]</c> and <c>docker context show</c>: the builder --builder names (else
    /// the current one). A real run bootstraps it (its first build would); a dry run only reads, starting nothing. No
    /// such builder: one line, exit 1, before any work.
    /// </summary>
    private static BuilderFacts GatherBuilder(BuildContext context)
    {
        var name = context.Options.Builder;
        (int ExitCode, string Output, string Error) inspect;
        try
        {
            inspect = context.Docker.Capture(new Docker.DockerBuildxInspectSettings(name, Bootstrap: !context.Options.DryRun));
        }
        catch (ToolFailedException e)
        {
            throw new EnvironmentException($"cannot read the BuildKit builder{(name is null ? string.Empty : $" '{name}'")}: {e.Message}");
        }

        if (inspect.ExitCode != 0)
        {
            var why = inspect.Error.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? $"exit code {inspect.ExitCode}";
            throw new EnvironmentException(name is null
                ? $"cannot read the current BuildKit builder ({why}): check 'docker buildx ls'; nothing was built or pushed."
                : $"--builder '{name}': {why.Replace("ERROR: ", string.Empty, StringComparison.Ordinal)} ('docker buildx ls' lists the builders; tools/create-builder.sh makes one); nothing was built or pushed.");
        }

        var contextShow = context.Docker.Capture(new Docker.DockerContextShowSettings());
        return BuilderFacts.Parse(inspect.Output, contextShow.ExitCode == 0 ? contextShow.Output.Trim() : null, bootstrapped: !context.Options.DryRun);
    }

    /// <summary>A file the run writes: its directory exists and is writable (named as the user typed the option).</summary>
    private static void CheckOutputPath(ParsedArguments args, string option, string? full)
    {
        if (full is not null)
        {
            var given = args.Options.Last(o => o.Spec.Name == option);
            OutputPathFacts.Check(given.As ?? option, given.Value!, full);
        }
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
