using Build.CommandLine;
using Build.Docker;
using Build.Planning;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Build.Execution;

/// <summary>The plan as shell lines (the dry run) and as JSON (--plan-json), both from the same steps.</summary>
public static class PlanOutput
{
    /// <summary>One POSIX shell line per command, in execution order: a person can paste them.</summary>
    public static IEnumerable<string> ShellLines(BuildPlan plan, string docker)
    {
        foreach (var directory in plan.Directories)
        {
            yield return $"mkdir -p {ShellQuoting.Quote(directory)}";
        }

        foreach (var step in plan.ExecutionOrder)
        {
            yield return step.Command.ShellLine(docker);
        }
    }

    public static JObject ToJson(BuildPlan plan, string docker) => new()
    {
        ["version"] = plan.Version.Version,
        ["pythonPackageVersion"] = plan.Version.PythonPackageVersion,
        ["commit"] = plan.Version.Commit,
        ["docker"] = docker,
        ["contextFiles"] = new JArray(plan.ContextFiles),
        ["directories"] = new JArray(plan.Directories),
        ["executor"] = plan.Executor.ToString().ToLowerInvariant(),
        ["steps"] = new JArray(plan.Steps.Select(step => new JObject
        {
            ["task"] = step.Task,
            ["title"] = step.Title,
            ["tags"] = new JArray(step.Tags),
            ["needs"] = new JArray(step.Needs),
            ["settings"] = step.Command.GetType().Name,
            ["program"] = step.Command.Program ?? docker,
            ["argv"] = new JArray(step.Command.ToArguments().Select(a => a.Value)),
            ["shell"] = step.Command.ShellLine(docker),
        })),
        ["bake"] = plan.Bake?.Command is DockerBakeSettings bake
            ? new JObject
            {
                ["program"] = docker,
                ["argv"] = new JArray(bake.ToArguments().Select(a => a.Value)),
                ["definition"] = JObject.Parse(bake.Definition),
            }
            : null,
    };

    public static void WriteJson(BuildPlan plan, string docker, string path) =>
        File.WriteAllText(path, ToJson(plan, docker).ToString(Formatting.Indented) + "\n");
}
