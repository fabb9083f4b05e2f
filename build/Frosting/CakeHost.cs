using System.Reflection;
using Build.Execution;
using Build.Facts;
using Build.Options;
using Cake.Cli;
using Cake.Core;
using Cake.Core.Scripting;

namespace Build.Frosting;

/// <summary>
/// A thin host in the shape of Cake.Frosting's CakeHost: configured like Frosting's builder, it reads the command line
/// (<see cref="HostCommandLine"/>), makes Cake's services (<see cref="HostServices"/>) and the typed context, and runs
/// the targets of the <see cref="TaskCatalog{TContext}"/> through one of Cake.Cli's script hosts (build, --tree,
/// --description; Cake's --dryrun is the context's own dry run). The exit code follows <see cref="ExitCodePolicy"/>.
/// </summary>
public sealed class CakeHost<TContext>
    where TContext : FrostingContext
{
    private readonly Func<HostRun<TContext>, TContext> createContext;
    private readonly HostCommandLine commandLine;
    private readonly TaskCatalog<TContext> catalog = new();
    private FrostingLifetime<TContext>? lifetime;
    private Func<TContext, bool>? beforeRun;
    private Func<TContext, bool>? hostOutputToStandardError;
    private Func<TContext, bool>? quietCakeOutput;
    private Func<TContext, CakeReport, CakeReport>? taskTable;
    private string usage = "Usage: build [--target TASK]... [options]";

    public CakeHost(IReadOnlyList<OptionSpec> contextOptions, Func<HostRun<TContext>, TContext> createContext)
    {
        commandLine = new HostCommandLine(contextOptions);
        this.createContext = createContext;
    }

    public CakeHost<TContext> UseLifetime(FrostingLifetime<TContext> value)
    {
        lifetime = value;
        return this;
    }

    /// <summary>Registers every task class of the assembly.</summary>
    public CakeHost<TContext> AddAssembly(Assembly assembly)
    {
        catalog.AddAssembly(assembly);
        return this;
    }

    /// <summary>
    /// Runs after the context is made and before any script host: returns false to stop with exit 0
    /// (the build context uses it for its own --dry-run, which prints the plan instead of running tasks).
    /// </summary>
    public CakeHost<TContext> BeforeRun(Func<TContext, bool> action)
    {
        beforeRun = action;
        return this;
    }

    /// <summary>
    /// When the predicate holds for a real run, the process's standard output is left to a child (it inherits it):
    /// Cake's own output (headers, task summary) and the context's <see cref="FrostingContext.Output"/> go to standard error.
    /// </summary>
    public CakeHost<TContext> WriteHostOutputToStandardErrorWhen(Func<TContext, bool> predicate)
    {
        hostOutputToStandardError = predicate;
        return this;
    }

    /// <summary>When the predicate holds for a real run, Cake's own output (headers, task table, error lines) is dropped.</summary>
    public CakeHost<TContext> QuietCakeOutputWhen(Func<TContext, bool> predicate)
    {
        quietCakeOutput = predicate;
        return this;
    }

    /// <summary>Rewrites Cake's task table of a real run before it is printed (its rows are the run's own facts).</summary>
    public CakeHost<TContext> RewriteTaskTable(Func<TContext, CakeReport, CakeReport> rewrite)
    {
        taskTable = rewrite;
        return this;
    }

    /// <summary>The first line of --help.</summary>
    public CakeHost<TContext> UseUsage(string value)
    {
        usage = value;
        return this;
    }

    public static string TaskName(Type taskType) => TaskCatalog<TContext>.TaskName(taskType);

    public IReadOnlyList<string> TaskNames => catalog.Names;

    /// <summary>The tasks the targets run, dependencies first, as Cake's own graph orders them.</summary>
    public IReadOnlyList<string> ExecutionOrder(IReadOnlyList<string> targets) => catalog.ExecutionOrder(targets);

    /// <param name="inUsersTerms">For a front door: rewrites a usage error in the options the user typed.</param>
    public int Run(IReadOnlyList<string> args, Func<string, string>? inUsersTerms = null)
    {
        // Before anything can start a child (a probe of the facts): from here on no signal is lost (docs/decisions.md §4.1).
        Interruption.Listen();
        try
        {
            var exit = RunAsync(args).GetAwaiter().GetResult();

            // A signal that arrived while no child ran (planning, a dry run, a host step, the report) still ends the run as interrupted.
            if (exit == ExitCodePolicy.Success && Interruption.Signal is { } signal)
            {
                Console.Error.WriteLine($"ERROR: interrupted by {Interruption.SignalName}");
                return 128 + signal;
            }

            return exit;
        }
        catch (Exception e)
        {
            // A teardown failure was said already; the run's own failure decides the exit code.
            LateFailure.Take();
            return ExitCodePolicy.For(e, Console.Error, inUsersTerms);
        }
    }

    private async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (host, arguments) = commandLine.Parse(args);
        if (host.Help)
        {
            commandLine.WriteHelp(Console.Out, usage, TaskNames);
            return ExitCodePolicy.Success;
        }

        if (host.Version)
        {
            HostCommandLine.WriteVersion(Console.Out);
            return ExitCodePolicy.Success;
        }

        var run = Prepare(host, arguments);
        var engine = new CakeEngine(run.Services.Data, run.Services.Log);
        catalog.Register(engine, run.Tasks);
        var scriptHost = ChooseScriptHost(host, run, engine);
        if (scriptHost is null)
        {
            return ExitCodePolicy.Success;
        }

        if (host.Exclusive)
        {
            scriptHost.Settings.UseExclusiveTarget();
        }

        await scriptHost.RunTargetsAsync(run.Targets);

        // The tasks succeeded, the teardown did not (it said why): the run fails.
        if (LateFailure.Take() is not null)
        {
            return EnvironmentException.ExitCode;
        }

        return ExitCodePolicy.Success;
    }

    /// <summary>--tree, --description, or a real run (null: the context's BeforeRun ended the run).</summary>
    private ScriptHost? ChooseScriptHost(HostOptions host, Prepared run, CakeEngine engine)
    {
        var (context, services) = (run.Context, run.Services);
        if (host.Tree)
        {
            return new TreeScriptHost(engine, context, services.Console);
        }

        if (host.Description)
        {
            return new DescriptionScriptHost(engine, context, Spectre.Console.AnsiConsole.Console);
        }

        if (beforeRun is not null && !beforeRun(context))
        {
            return null;
        }

        var toStandardError = hostOutputToStandardError?.Invoke(context) ?? false;
        services.Console.ToStandardError = toStandardError;
        context.Output = toStandardError ? Console.Error : Console.Out;
        services.Console.Quiet = quietCakeOutput?.Invoke(context) ?? false;

        // Setup and teardown belong to a real run only: --tree and --description must not touch docker.
        if (lifetime is not null)
        {
            engine.RegisterSetupAction(info => lifetime.Setup(context, info));
            engine.RegisterTeardownAction(info => lifetime.Teardown(context, info));
            engine.RegisterTaskSetupAction(info => lifetime.TaskSetup(context, info));
            engine.RegisterTaskTeardownAction(info => lifetime.TaskTeardown(context, info));
        }

        ICakeReportPrinter printer = new CakeReportPrinter(services.Console, context);
        if (taskTable is not null)
        {
            printer = new RewrittenReportPrinter(printer, report => taskTable(context, report));
        }

        return new BuildScriptHost<TContext>(engine, new DefaultExecutionStrategy(services.Log, printer), context, printer, services.Configuration, services.Log);
    }

    /// <summary>Parses the command line and makes the context (options, facts, plan) without running anything; tests use it too.</summary>
    public TContext CreateContext(IReadOnlyList<string> args)
    {
        var (host, arguments) = commandLine.Parse(args);
        return Prepare(host, arguments).Context;
    }

    private Prepared Prepare(HostOptions host, ParsedArguments arguments)
    {
        var targets = catalog.Resolve(host.Targets);
        var services = new HostServices(host);
        var tasks = catalog.CreateInstances();
        var order = host.Exclusive ? targets : catalog.ExecutionOrder(targets);
        var context = createContext(new HostRun<TContext>(services.Cake, host, arguments, order.Select(n => tasks[n]).ToList()));
        return new Prepared(context, tasks, targets, services);
    }

    private sealed record Prepared(
        TContext Context,
        IReadOnlyDictionary<string, FrostingTask<TContext>> Tasks,
        IReadOnlyList<string> Targets,
        HostServices Services);
}

/// <summary>What the host hands the context factory: Cake's context, Frosting's options, the context's options, and the tasks that will run in order.</summary>
public sealed record HostRun<TContext>(ICakeContext Cake, HostOptions Host, ParsedArguments Arguments, IReadOnlyList<FrostingTask<TContext>> TasksInOrder)
    where TContext : ICakeContext;

/// <summary>Cake's report printer, with the task table rewritten before it is written.</summary>
internal sealed class RewrittenReportPrinter(ICakeReportPrinter printer, Func<CakeReport, CakeReport> rewrite) : ICakeReportPrinter
{
    public void Write(CakeReport report) => printer.Write(rewrite(report));

    public void WriteLifeCycleStep(string name, Cake.Core.Diagnostics.Verbosity verbosity) => printer.WriteLifeCycleStep(name, verbosity);

    public void WriteStep(string name, Cake.Core.Diagnostics.Verbosity verbosity) => printer.WriteStep(name, verbosity);

    public void WriteSkippedStep(string name, Cake.Core.Diagnostics.Verbosity verbosity) => printer.WriteSkippedStep(name, verbosity);
}
