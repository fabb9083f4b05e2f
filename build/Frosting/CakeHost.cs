using System.Reflection;
using Build.Execution;
using Build.Facts;
using Build.Options;
using Cake.Cli;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Scripting;
using Cake.Core.Tooling;

namespace Build.Frosting;

/// <summary>
/// A thin host in the shape of Cake.Frosting's CakeHost: discovers task classes, registers them with the
/// Cake engine, parses Frosting's options, and runs the targets through one of Cake.Cli's script hosts
/// (build, --dryrun, --tree, --description). Unlike Frosting it exits with a meaningful code:
/// 2 for bad input, the failing tool's own exit code when a tool failed, 1 otherwise.
/// </summary>
public sealed class CakeHost<TContext>
    where TContext : FrostingContext
{
    private readonly Func<HostRun<TContext>, TContext> createContext;
    private readonly IReadOnlyList<OptionSpec> contextOptions;
    private readonly List<Type> taskTypes = [];
    private FrostingLifetime<TContext>? lifetime;
    private Func<TContext, bool>? beforeRun;
    private Action<TextWriter>? writeHelp;

    public CakeHost(IReadOnlyList<OptionSpec> contextOptions, Func<HostRun<TContext>, TContext> createContext)
    {
        this.contextOptions = contextOptions;
        this.createContext = createContext;
    }

    public CakeHost<TContext> UseLifetime(FrostingLifetime<TContext> value)
    {
        lifetime = value;
        return this;
    }

    /// <summary>Registers every task class of the assembly (Frosting scans the entry assembly the same way).</summary>
    public CakeHost<TContext> AddAssembly(Assembly assembly)
    {
        taskTypes.AddRange(assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(FrostingTask<TContext>).IsAssignableFrom(t))
            .OrderBy(TaskName, StringComparer.Ordinal));
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

    public CakeHost<TContext> UseHelp(Action<TextWriter> value)
    {
        writeHelp = value;
        return this;
    }

    public static string TaskName(Type taskType) =>
        taskType.GetCustomAttribute<TaskNameAttribute>()?.Name
        ?? (taskType.Name.EndsWith("Task", StringComparison.Ordinal) ? taskType.Name[..^4] : taskType.Name);

    public IReadOnlyList<string> TaskNames => taskTypes.Select(TaskName).ToList();

    public int Run(IReadOnlyList<string> args)
    {
        try
        {
            return RunAsync(args).GetAwaiter().GetResult();
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"ERROR: {e.Message}");
            return UsageException.ExitCode;
        }
        catch (EnvironmentException e)
        {
            Console.Error.WriteLine($"ERROR: {e.Message}");
            return EnvironmentException.ExitCode;
        }
    }

    private async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var parsed = ArgumentParser.Parse(args, [.. HostOptions.Specs, .. contextOptions]);
        var host = HostOptions.From(parsed);
        if (host.Help)
        {
            WriteHelp(Console.Out);
            return 0;
        }

        if (host.Version)
        {
            var version = typeof(CakeHost<>).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            Console.Out.WriteLine($"build host {version} (Cake {typeof(ICakeContext).Assembly.GetName().Version})");
            return 0;
        }

        var (context, tasks, targets, console, log, configuration, data) = Prepare(host, parsed);
        var engine = new CakeEngine(data, log);
        RegisterTasks(engine, tasks);

        ScriptHost scriptHost;
        if (host.Tree)
        {
            scriptHost = new TreeScriptHost(engine, context, console);
        }
        else if (host.Description)
        {
            scriptHost = new DescriptionScriptHost(engine, context, Spectre.Console.AnsiConsole.Console);
        }
        else if (host.CakeDryRun)
        {
            scriptHost = new DryRunScriptHost<TContext>(engine, context, log);
        }
        else
        {
            if (beforeRun is not null && !beforeRun(context))
            {
                return 0;
            }

            // Setup and teardown belong to a real run only: --dryrun, --tree and --description must not touch docker.
            if (lifetime is not null)
            {
                engine.RegisterSetupAction(info => lifetime.Setup(context, info));
                engine.RegisterTeardownAction(info => lifetime.Teardown(context, info));
                engine.RegisterTaskSetupAction(info => lifetime.TaskSetup(context, info));
                engine.RegisterTaskTeardownAction(info => lifetime.TaskTeardown(context, info));
            }

            var printer = new CakeReportPrinter(console, context);
            scriptHost = new BuildScriptHost<TContext>(engine, new DefaultExecutionStrategy(log, printer), context, printer, configuration, log);
        }

        if (host.Exclusive)
        {
            scriptHost.Settings.UseExclusiveTarget();
        }

        try
        {
            await scriptHost.RunTargetsAsync(targets);
            return 0;
        }
        catch (Exception e)
        {
            var usage = Find<UsageException>(e);
            if (usage is not null)
            {
                throw usage;
            }

            var failed = Find<ToolFailedException>(e);
            Console.Error.WriteLine($"ERROR: {(failed ?? e.GetBaseException()).Message}");
            return failed?.ExitCode ?? 1;
        }
    }

    /// <summary>Parses the command line and makes the context (options, facts, plan) without running anything; tests use it too.</summary>
    public TContext CreateContext(IReadOnlyList<string> args)
    {
        var parsed = ArgumentParser.Parse(args, [.. HostOptions.Specs, .. contextOptions]);
        return Prepare(HostOptions.From(parsed), parsed).Context;
    }

    private Prepared Prepare(HostOptions host, ParsedArguments parsed)
    {
        var unknownTargets = host.Targets.Where(t => !TaskNames.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknownTargets.Count > 0)
        {
            throw new UsageException($"--target '{unknownTargets[0]}' is not a task; tasks: {string.Join(", ", TaskNames)}.");
        }

        var console = new CakeConsole(new CakeEnvironment(new CakePlatform(), new CakeRuntime()));
        var log = new CakeBuildLog(console, host.Verbosity);
        var environment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        if (host.WorkingDirectory is not null)
        {
            var dir = System.IO.Path.GetFullPath(host.WorkingDirectory);
            if (!Directory.Exists(dir))
            {
                throw new UsageException($"--working '{host.WorkingDirectory}' is not a directory.");
            }

            environment.WorkingDirectory = dir;
            Directory.SetCurrentDirectory(dir);
        }

        var fileSystem = new FileSystem();
        var configuration = new CakeConfigurationProvider(fileSystem, environment)
            .CreateConfiguration(environment.WorkingDirectory, new Dictionary<string, string>());
        var globber = new Globber(fileSystem, environment);
        var tools = new ToolLocator(environment, new ToolRepository(environment),
            new ToolResolutionStrategy(fileSystem, environment, globber, configuration, log));
        var data = new CakeDataService();
        var contextOptionsOnly = parsed.Without(HostOptions.Specs.Select(s => s.Name));
        var arguments = new CakeArguments(contextOptionsOnly.Options
            .ToLookup(o => o.Spec.Name.TrimStart('-'), o => o.Value ?? "true", StringComparer.OrdinalIgnoreCase));
        var cakeContext = new CakeContext(fileSystem, environment, globber, log, arguments,
            new ProcessRunner(fileSystem, environment, log, tools, configuration), new WindowsRegistry(), tools, data,
            configuration, new NoToolInstaller(), new EmptyServiceProvider());

        var taskInstances = taskTypes.ToDictionary(TaskName, t => (FrostingTask<TContext>)Activator.CreateInstance(t)!, StringComparer.Ordinal);
        var targets = host.Targets.Select(t => TaskNames.First(n => n.Equals(t, StringComparison.OrdinalIgnoreCase))).ToList();
        var order = host.Exclusive ? targets : ExecutionOrder(targets);
        var context = createContext(new HostRun<TContext>(cakeContext, host, contextOptionsOnly, order.Select(n => taskInstances[n]).ToList()));
        return new Prepared(context, taskInstances, targets, console, log, configuration, data);
    }

    private sealed record Prepared(
        TContext Context,
        IReadOnlyDictionary<string, FrostingTask<TContext>> Tasks,
        IReadOnlyList<string> Targets,
        IConsole Console,
        ICakeLog Log,
        ICakeConfiguration Configuration,
        ICakeDataService Data);

    /// <summary>The tasks the targets run, dependencies first, as Cake's own graph orders them.</summary>
    public IReadOnlyList<string> ExecutionOrder(IReadOnlyList<string> targets)
    {
        var graph = new Cake.Core.Graph.CakeGraph();
        foreach (var type in taskTypes)
        {
            graph.Add(TaskName(type));
        }

        foreach (var type in taskTypes)
        {
            foreach (var dependency in type.GetCustomAttributes<IsDependentOnAttribute>())
            {
                graph.Connect(TaskName(dependency.Task), TaskName(type));
            }
        }

        return graph.Traverse(targets).ToList();
    }

    private void RegisterTasks(ICakeEngine engine, IReadOnlyDictionary<string, FrostingTask<TContext>> tasks)
    {
        foreach (var type in taskTypes)
        {
            var task = tasks[TaskName(type)];
            var builder = engine.RegisterTask(TaskName(type))
                .WithCriteria(ctx => task.ShouldRun((TContext)ctx))
                .Does(ctx => task.RunAsync((TContext)ctx));
            var description = type.GetCustomAttribute<TaskDescriptionAttribute>()?.Description;
            if (description is not null)
            {
                builder.Description(description);
            }

            foreach (var dependency in type.GetCustomAttributes<IsDependentOnAttribute>())
            {
                builder.IsDependentOn(TaskName(dependency.Task));
            }
        }
    }

    private void WriteHelp(TextWriter writer)
    {
        writeHelp?.Invoke(writer);
        writer.WriteLine();
        writer.WriteLine("Host options (Cake.Frosting's):");
        WriteOptions(writer, HostOptions.Specs);
        writer.WriteLine();
        writer.WriteLine("Build options:");
        WriteOptions(writer, contextOptions);
        writer.WriteLine();
        writer.WriteLine($"Tasks: {string.Join(", ", TaskNames)}");
    }

    public static void WriteOptions(TextWriter writer, IEnumerable<OptionSpec> specs)
    {
        foreach (var spec in specs)
        {
            var names = string.Join(", ", spec.AllNames.Select(n => spec.Arity == OptionArity.Flag ? n : $"{n} {spec.ValueName ?? "VALUE"}"));
            writer.WriteLine($"  {names,-44} {spec.Help}");
        }
    }

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }

            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    var hit = Find<T>(inner);
                    if (hit is not null)
                    {
                        return hit;
                    }
                }
            }
        }

        return null;
    }
}

/// <summary>What the host hands the context factory: Cake's context, Frosting's options, the rest, and the tasks that will run in order.</summary>
public sealed record HostRun<TContext>(ICakeContext Cake, HostOptions Host, ParsedArguments Arguments, IReadOnlyList<FrostingTask<TContext>> TasksInOrder)
    where TContext : ICakeContext;
