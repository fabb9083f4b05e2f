using System.Reflection;
using Cake.Core;

namespace Build.Frosting;

/// <summary>
/// The task classes of the build (Cake.Frosting discovers them the same way), their names, and their order in a run:
/// dependencies first, as Cake's own graph orders them.
/// </summary>
public sealed class TaskCatalog<TContext>
    where TContext : ICakeContext
{
    private readonly List<Type> types = [];

    public IReadOnlyList<string> Names => types.Select(TaskName).ToList();

    /// <summary>The name Cake knows a task by: its [TaskName], else the class name without "Task".</summary>
    public static string TaskName(Type taskType) =>
        taskType.GetCustomAttribute<TaskNameAttribute>()?.Name
        ?? (taskType.Name.EndsWith("Task", StringComparison.Ordinal) ? taskType.Name[..^4] : taskType.Name);

    public void AddAssembly(Assembly assembly) =>
        types.AddRange(assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(FrostingTask<TContext>).IsAssignableFrom(t))
            .OrderBy(TaskName, StringComparer.Ordinal));

    /// <summary>The targets as the catalog spells them; an unknown one is a usage error.</summary>
    public IReadOnlyList<string> Resolve(IReadOnlyList<string> targets)
    {
        var names = Names;
        var unknown = targets.FirstOrDefault(t => !names.Contains(t, StringComparer.OrdinalIgnoreCase));
        if (unknown is not null)
        {
            throw new Options.UsageException($"--target '{unknown}' is not a task; tasks: {string.Join(", ", names)}.");
        }

        return targets.Select(t => names.First(n => n.Equals(t, StringComparison.OrdinalIgnoreCase))).ToList();
    }

    /// <summary>The tasks the targets run, dependencies first.</summary>
    public IReadOnlyList<string> ExecutionOrder(IReadOnlyList<string> targets)
    {
        var graph = new Cake.Core.Graph.CakeGraph();
        foreach (var type in types)
        {
            graph.Add(TaskName(type));
        }

        foreach (var type in types)
        {
            foreach (var dependency in type.GetCustomAttributes<IsDependentOnAttribute>())
            {
                graph.Connect(TaskName(dependency.Task), TaskName(type));
            }
        }

        return graph.Traverse(targets).ToList();
    }

    public IReadOnlyDictionary<string, FrostingTask<TContext>> CreateInstances() =>
        types.ToDictionary(TaskName, t => (FrostingTask<TContext>)Activator.CreateInstance(t)!, StringComparer.Ordinal);

    /// <summary>Registers every task with the engine: criteria, action, description and dependencies.</summary>
    public void Register(ICakeEngine engine, IReadOnlyDictionary<string, FrostingTask<TContext>> tasks)
    {
        foreach (var type in types)
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
}
