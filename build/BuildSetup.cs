using Build.Context;
using Build.Execution;
using Build.Facts;
using Build.Frosting;
using Build.Options;
using Build.Planning;
using Build.Tasks;

namespace Build;

/// <summary>
/// Makes a run's <see cref="BuildContext"/>, in this order: the options and their checks, the machine's facts and the
/// checks against them, the sources the tasks read, the builder, the plan (once), the client's buildx, the executor.
/// Bad input is refused before any docker command; nothing on the machine changes.
/// </summary>
public static class BuildSetup
{
    public static BuildContext Create(HostRun<BuildContext> run) => Create(run, PlanningFacts.Gather, GatherRunFacts, GatherBuildx, GatherBuilder);

    /// <param name="gatherFacts">Reads the machine (git, user, environment) from the options and the working directory; tests pass fixed facts.</param>
    /// <param name="gatherRunFacts">RunContainer's facts (GPUs, terminal, ports; see <see cref="RunFacts.Gather"/>); null (tests): the machine's.</param>
    /// <param name="gatherBuildx">The client's buildx (<c>docker buildx version</c>); null (tests' hand-made facts): not read, the facts' own is used.</param>
    /// <param name="gatherBuilder">The builder (<c>docker buildx inspect</c>); null (tests' hand-made facts): not read, the facts' own is used.</param>
    public static BuildContext Create(
        HostRun<BuildContext> run,
        Func<BuildOptions, string, PlanningFacts> gatherFacts,
        Func<BuildContext, RunOptions, RunFacts>? gatherRunFacts = null,
        Func<BuildContext, BuildxFacts>? gatherBuildx = null,
        Func<BuildContext, BuilderFacts>? gatherBuilder = null)
    {
        var workingDirectory = run.Cake.Environment.WorkingDirectory.FullPath;
        List<string> taskNames = [.. run.TasksInOrder.Select(t => TaskCatalog<BuildContext>.TaskName(t.GetType()))];
        var (options, release, runOptions) = ParseOptions(run.Arguments, run.TasksInOrder, taskNames, workingDirectory);

        // Facts: what the options name on the machine, then git, user and environment; the options checked against them,
        // then the sources the tasks read.
        var facts = gatherFacts(options, workingDirectory);
        options = options.WithLocalPlatform(facts.NativeArchitecture);
        var context = new BuildContext(run.Cake)
        {
            Host = run.Host,
            Options = options,
            Release = OptionInputFacts.Check(options, release, taskNames, workingDirectory),
            TasksInOrder = taskNames,
            Facts = facts,
            Docker = new DockerTool(run.Cake, options.DockerPath),
        };
        var planned = Validate(context, run.TasksInOrder);
        GatherSources(context, planned, runOptions, gatherRunFacts ?? GatherRunFacts);

        // Refusals of the tasks, then the builder (its answer shapes the steps), then the plan.
        foreach (var task in planned)
        {
            task.Check(context.Inputs);
        }

        var runsSteps = !run.Host.Tree && !run.Host.Description;
        var readsBuilder = gatherBuilder is not null && runsSteps && BuilderDecides(options, planned);
        if (readsBuilder)
        {
            context.Facts = context.Facts with { Builder = gatherBuilder!(context) };

            // New inputs, not a copy: the image composer they keep was made from the facts before.
            var inputs = context.Inputs;
            context.Inputs = new PlanInputs(inputs.Options, inputs.Release, context.Facts, inputs.Sources, inputs.Tasks, inputs.ContainerRun);
        }

        var plan = Planner.Create(context.Inputs, planned);
        context.Facts = GatherExecutionFacts(context, plan, runsSteps, gatherBuildx, readsBuilder);
        context.Plan = Planner.ChooseExecutor(plan, options, context.Facts);
        PlanValidation.CheckPassThrough(options, context.Plan);
        context.Executor = Executor(context);

        if (context.ContainerRun is not null && runsSteps)
        {
            // Warnings of the run (no GPU, no terminal, ports in use): stderr, once, in a dry run as in a real one.
            foreach (var warning in context.ContainerRun.Warnings)
            {
                Console.Error.WriteLine($"WARNING: {warning}");
            }
        }

        return context;
    }

    /// <summary>Each value by its declaration, the checks across options, the scopes of the run's tasks, the checks by task.</summary>
    private static (BuildOptions Options, ReleaseOptions Release, RunOptions? Run) ParseOptions(
        ParsedArguments args, IReadOnlyList<FrostingTask<BuildContext>> tasks, List<string> taskNames, string workingDirectory)
    {
        var options = BuildOptions.Parse(args);
        var release = ReleaseOptions.Parse(args);
        options = release.Adjust(options, args, taskNames);
        AcceptsOptionsAttribute.ScopesOf(tasks.Select(t => t.GetType()), args, options).Check(args);
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
        return (options, release, runOptions);
    }

    /// <summary>
    /// The options against the facts the checks need (the Dockerfiles' stages, the trtllm wheel); returns the planned
    /// tasks that will run (tasks whose criteria skip them left out).
    /// </summary>
    private static List<IPlannedTask> Validate(BuildContext context, IReadOnlyList<FrostingTask<BuildContext>> tasks)
    {
        var (options, release, facts) = (context.Options, context.Release, context.Facts);
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
        var sources = SourceFacts.Gather(new SourceFactsRequest(stagesOf, wheel, Epp: false, WorkingTree: false), options, release, facts);
        context.Inputs = new PlanInputs(options, release, facts, sources, selection, null);
        PlanValidation.Check(context.Inputs);
        return [.. tasks.Where(t => t.ShouldRun(context)).OfType<IPlannedTask>()];
    }

    /// <summary>
    /// The GAIE tree, the working tree and the digest reports only now (bad options are reported before a remote is
    /// asked), and RunContainer's facts.
    /// </summary>
    private static void GatherSources(BuildContext context, IReadOnlyList<IPlannedTask> planned, RunOptions? runOptions, Func<BuildContext, RunOptions, RunFacts> gatherRunFacts)
    {
        var (options, release, facts) = (context.Options, context.Release, context.Facts);
        var epp = SourceFacts.Gather(
            new SourceFactsRequest([], false, planned.Any(t => t is BuildEppTask), planned.Any(t => t is PublishTask)), options, release, facts);
        var sources = context.Inputs.Sources with
        {
            Gaie = epp.Gaie,
            EppPatches = epp.EppPatches,
            WorkingTreeChanges = epp.WorkingTreeChanges,
            DigestReports = planned.Any(t => t is MergeManifestsTask) ? DigestReports.Read(release.DigestsFrom, context.Environment.WorkingDirectory.FullPath) : [],
        };
        context.ContainerRun = runOptions is null ? null : ContainerRunComposer.Compose(options, runOptions, gatherRunFacts(context, runOptions));
        context.Inputs = context.Inputs with { Sources = sources, ContainerRun = context.ContainerRun };
    }

    /// <summary>
    /// The builder decides something (docs/decisions.md §6.6) when images are built on the one --builder names or for
    /// the several platforms of a release.
    /// </summary>
    private static bool BuilderDecides(BuildOptions options, IReadOnlyList<IPlannedTask> planned) =>
        (options.Builder is not null || options.PublishPlatforms.Count > 1) && planned.Any(t => t.BuildsImages(options));

    /// <summary>
    /// What the plan's image builds need to know about this machine to run: the client's buildx when it decides the
    /// executor (the plan builds images, and --executor is not sequential), and with the builder read, which of the
    /// builds' Dockerfiles have no RUN step (they build for any platform). After the plan: its refusals come first.
    /// </summary>
    private static PlanningFacts GatherExecutionFacts(BuildContext context, BuildPlan plan, bool runsSteps, Func<BuildContext, BuildxFacts>? gatherBuildx, bool builderRead)
    {
        var facts = context.Facts;
        if (gatherBuildx is not null && runsSteps && plan.Bake is not null && context.Options.Executor != ExecutorChoice.Sequential)
        {
            facts = facts with { Buildx = gatherBuildx(context) };
        }

        if (builderRead)
        {
            var files = plan.Steps.Select(s => BuilderPlanning.BuildOf(s.Command)?.File).OfType<string>().Distinct();
            facts = facts with { DockerfilesWithoutRun = files.Where(f => !DockerfileStages.HasRun(f)).ToHashSet() };
        }

        return facts;
    }

    /// <summary>The plan's executor: one bake, or one build after another.</summary>
    private static IPlanExecutor Executor(BuildContext context)
    {
        var watch = BuilderWatch.For(context.Options.Builder, context.Facts.Builder, context.Docker);
        var sequential = new SequentialExecutor(context.Docker, new GitTool(context), context.Log, context.Report, watch);
        return context.Plan.Executor == PlanExecutor.Bake
            ? new BakeExecutor(sequential, context.Docker, context.Log, context.Report, BakeView.ForConsole(), watch)
            : sequential;
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
