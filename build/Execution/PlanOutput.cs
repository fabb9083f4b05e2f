using Build.CommandLine;
using Build.Docker;
using Build.Planning;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Build.Execution;

/// <summary>The plan as shell lines (the dry run) and as JSON (--plan-json), both from the same steps.</summary>
public static class PlanOutput
{
    /// <summary>The shell variable that holds the run's own docker configuration folder in the dry run's lines.</summary>
    public const string RunConfigVariable = "run_config";

    /// <summary>
    /// One POSIX shell line per command, in execution order: a person can paste them. From a registry login on, a real
    /// run gives docker a docker configuration folder of its own (<see cref="RunDockerConfig"/>, DOCKER_CONFIG); the
    /// lines do the same: mktemp makes the folder (its name is only known when it exists, so the lines hold it in
    /// $run_config), <paramref name="runConfig"/>'s lines fill it, each docker command from the login on runs with
    /// DOCKER_CONFIG="$run_config", and rm removes it at the end, as the real run does.
    /// </summary>
    /// <param name="runConfig">The lines that fill the folder (the user's settings and links), or null to leave them out.</param>
    public static IEnumerable<string> ShellLines(BuildPlan plan, string docker, IReadOnlyList<string>? runConfig = null)
    {
        foreach (var directory in plan.Directories)
        {
            yield return $"mkdir -p {ShellQuoting.Quote(directory)}";
        }

        var ownConfig = false;
        foreach (var step in plan.ExecutionOrder)
        {
            if (step.Command is DockerLoginSettings login && !ownConfig)
            {
                ownConfig = true;
                yield return $"{RunConfigVariable}=\"$(mktemp -d \"${{TMPDIR:-/tmp}}/{RunDockerConfig.Prefix}XXXXXX\")\"";
                foreach (var fill in runConfig ?? [])
                {
                    yield return fill;
                }
            }

            var line = step.Command.ShellLine(docker);
            if (ownConfig)
            {
                // "printf ... | docker login": the variable goes before the docker command, after the pipe.
                var start = step.Command is DockerLoginSettings ? line.IndexOf("| ", StringComparison.Ordinal) + 2 : 0;
                line = $"{line[..start]}DOCKER_CONFIG=\"${RunConfigVariable}\" {line[start..]}";
            }

            yield return line;
        }

        if (ownConfig)
        {
            yield return $"rm -rf \"${RunConfigVariable}\"";
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
        AtomicFile.Write(path, ToJson(plan, docker).ToString(Formatting.Indented) + "\n", $"--plan-json file '{path}'");
}
