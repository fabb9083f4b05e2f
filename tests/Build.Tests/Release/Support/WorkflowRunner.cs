using Build.Tests.Support;
using Newtonsoft.Json.Linq;
using YamlDotNet.RepresentationModel;

namespace Build.Tests.Release.Support;

/// <summary>One job of a run (one matrix combination): its result, its step outputs and what its steps printed.</summary>
public sealed record JobRun(string Job, JObject Matrix, string Result, string Workspace, string Log, IReadOnlyList<string> StepsRun);

/// <summary>
/// Runs a workflow's jobs on this machine as GitHub runs them: jobs in file order (the workflow lists them after what
/// they need), a job's <c>if</c> and its needs' results, matrices expanded (values from expressions too), env of the
/// workflow, job and step with their expressions evaluated (<see cref="WorkflowExpression"/>), step <c>if</c>s with
/// success()/always(), each <c>run:</c> script in <c>bash --noprofile --norc -eo pipefail</c> (GitHub's shell) with
/// GITHUB_OUTPUT/GITHUB_STEP_SUMMARY/GITHUB_REF/... in a fresh workspace, outputs read back into the steps context.
/// A <c>uses:</c> step is what <see cref="Actions"/> does for its action (the test supplies the actions it allows).
/// </summary>
public sealed class WorkflowRunner(string workflowFile, string root)
{
    /// <summary>action name (without @version) -> what it does: (with:, workspace, env) -> outputs.</summary>
    public Dictionary<string, Func<JObject, string, Dictionary<string, string?>, JObject>> Actions { get; } = new(StringComparer.Ordinal);

    /// <summary>Called before each job: a fresh runner (the test empties the engine of what earlier jobs made).</summary>
    public Action<string> BeforeJob { get; init; } = _ => { };

    public IReadOnlyList<JobRun> Run(JObject github, IReadOnlyDictionary<string, string> vars, IReadOnlyDictionary<string, string> secrets, IDictionary<string, string?> machineEnvironment)
    {
        var workflow = Load(workflowFile);
        var runs = new List<JobRun>();
        var needsResults = new Dictionary<string, (string Result, JObject Outputs)>(StringComparer.Ordinal);
        var baseContexts = new JObject
        {
            ["github"] = github,
            ["vars"] = JObject.FromObject(vars),
            ["secrets"] = JObject.FromObject(secrets),
            ["runner"] = new JObject { ["os"] = "Linux", ["temp"] = Path.Combine(root, "runner-temp") },
        };
        var workflowEnv = EvaluateMap(workflow["env"], baseContexts);

        foreach (var (jobId, jobToken) in (JObject)workflow["jobs"]!)
        {
            var job = (JObject)jobToken!;
            var needs = job["needs"] switch { JArray a => a.Select(n => (string)n!).ToList(), JValue v => [(string)v!], _ => new List<string>() };
            var needsContext = new JObject(needs.Select(n => new JProperty(n, new JObject { ["result"] = needsResults[n].Result, ["outputs"] = needsResults[n].Outputs })));
            var jobContexts = With(baseContexts, ("needs", needsContext), ("env", workflowEnv));
            bool NeedsStatus(string f) => f switch
            {
                "always" => true,
                "success" => needs.All(n => needsResults[n].Result == "success"),
                "failure" => needs.Any(n => needsResults[n].Result == "failure"),
                _ => false,
            };

            if (!WorkflowExpression.Condition((string?)job["if"], jobContexts, NeedsStatus))
            {
                needsResults[jobId] = ("skipped", new JObject());
                continue;
            }

            var results = new List<string>();
            var outputs = new JObject();
            foreach (var matrix in Combinations(job["strategy"]?["matrix"], jobContexts))
            {
                var run = RunJob(jobId, job, With(jobContexts, ("matrix", matrix), ("strategy", new JObject())), workflowEnv, machineEnvironment, outputs);
                runs.Add(run);
                results.Add(run.Result);
            }

            needsResults[jobId] = (results.All(r => r == "success") ? "success" : "failure", outputs);
        }

        return runs;
    }

    private JobRun RunJob(string jobId, JObject job, JObject contexts, JObject workflowEnv, IDictionary<string, string?> machineEnvironment, JObject jobOutputs)
    {
        var workspace = Directory.CreateDirectory(Path.Combine(root, $"{jobId}-{Guid.NewGuid():N}"[..(jobId.Length + 9)])).FullName;
        BeforeJob(workspace);
        var env = new JObject(workflowEnv.Properties().Select(p => new JProperty(p.Name, p.Value)));
        foreach (var property in EvaluateMap(job["env"], With(contexts, ("env", env))).Properties())
        {
            env[property.Name] = property.Value;
        }

        var steps = new JObject();
        var log = new System.Text.StringBuilder();
        var stepsRun = new List<string>();
        var failed = false;
        var index = 0;
        foreach (var step in ((JArray)job["steps"]!).Cast<JObject>())
        {
            index++;
            var stepContexts = With(contexts, ("env", env), ("steps", steps), ("job", new JObject { ["status"] = failed ? "failure" : "success" }));
            bool Status(string f) => f switch { "always" => true, "success" => !failed, "failure" => failed, _ => false };
            var name = (string?)step["name"] ?? (string?)step["uses"] ?? (string?)step["run"] ?? $"step {index}";
            if (!WorkflowExpression.Condition((string?)step["if"], stepContexts, Status))
            {
                continue;
            }

            stepsRun.Add(name);
            var stepEnv = new Dictionary<string, string?>(machineEnvironment);
            foreach (var property in env.Properties())
            {
                stepEnv[property.Name] = WorkflowExpression.ToText(property.Value);
            }

            foreach (var property in EvaluateMap(step["env"], stepContexts).Properties())
            {
                stepEnv[property.Name] = WorkflowExpression.ToText(property.Value);
            }

            var output = Path.Combine(workspace, "..", $"{Path.GetFileName(workspace)}-output-{index}");
            File.WriteAllText(output, "");
            stepEnv["GITHUB_OUTPUT"] = output;
            stepEnv["GITHUB_STEP_SUMMARY"] = Path.Combine(workspace, "..", $"{Path.GetFileName(workspace)}-summary.md");
            stepEnv["GITHUB_WORKSPACE"] = workspace;
            JObject stepOutputs;
            bool ok;
            if (step["run"] is { } script)
            {
                var file = Path.Combine(workspace, "..", $"{Path.GetFileName(workspace)}-step-{index}.sh");
                File.WriteAllText(file, WorkflowExpression.ToText(WorkflowExpression.Interpolate((string)script!, stepContexts)));
                var result = Build.Tests.Support.Run.Process("bash", ["--noprofile", "--norc", "-eo", "pipefail", file], workspace, stepEnv, timeoutSeconds: 1800);
                log.Append($"== {jobId}: {name} (exit {result.ExitCode})\n{result.Output}{result.Error}");
                ok = result.ExitCode == 0;
                stepOutputs = ReadOutputs(output);
            }
            else
            {
                var uses = ((string)step["uses"]!).Split('@')[0];
                var with = EvaluateMap(step["with"], stepContexts);
                Assert.True(Actions.TryGetValue(uses, out var action), $"the workflow uses {uses}, which this test does not provide");
                stepOutputs = action!(with, workspace, stepEnv);
                log.Append($"== {jobId}: {name} (action {uses})\n");
                ok = true;
            }

            if ((string?)step["id"] is { } id)
            {
                steps[id] = new JObject { ["outputs"] = stepOutputs, ["outcome"] = ok ? "success" : "failure" };
            }

            failed |= !ok;
        }

        foreach (var property in EvaluateMap(job["outputs"], With(contexts, ("env", env), ("steps", steps))).Properties())
        {
            jobOutputs[property.Name] = property.Value;
        }

        return new JobRun(jobId, (JObject)contexts["matrix"]!, failed ? "failure" : "success", workspace, log.ToString(), stepsRun);
    }

    /// <summary>name=value lines and name&lt;&lt;DELIMITER blocks, as GitHub reads GITHUB_OUTPUT.</summary>
    private static JObject ReadOutputs(string file)
    {
        var outputs = new JObject();
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].IndexOf("<<", StringComparison.Ordinal) is var heredoc and > 0 && (lines[i].IndexOf('=') < 0 || lines[i].IndexOf('=') > heredoc))
            {
                var delimiter = lines[i][(heredoc + 2)..];
                var body = new List<string>();
                while (++i < lines.Length && lines[i] != delimiter)
                {
                    body.Add(lines[i]);
                }

                outputs[lines[i - body.Count - 1][..heredoc]] = string.Join("\n", body);
            }
            else if (lines[i].IndexOf('=') is var eq and > 0)
            {
                outputs[lines[i][..eq]] = lines[i][(eq + 1)..];
            }
        }

        return outputs;
    }

    private static IEnumerable<JObject> Combinations(JToken? matrix, JObject contexts)
    {
        if (matrix is null)
        {
            return [new JObject()];
        }

        var axes = ((JObject)matrix).Properties()
            .Select(p => (p.Name, Values: p.Value is JValue v ? (JArray)WorkflowExpression.Interpolate((string)v!, contexts) : (JArray)p.Value))
            .ToList();
        IEnumerable<JObject> combinations = [new JObject()];
        foreach (var (name, values) in axes)
        {
            combinations = combinations.SelectMany(c => values.Select(v => new JObject(c.Properties().Append(new JProperty(name, v.DeepClone())))));
        }

        return combinations.ToList();
    }

    private static JObject EvaluateMap(JToken? map, JObject contexts) =>
        map is JObject obj
            ? new JObject(obj.Properties().Select(p => new JProperty(p.Name, p.Value is JValue v ? WorkflowExpression.Interpolate((string)v!, contexts) : p.Value)))
            : new JObject();

    private static JObject With(JObject contexts, params (string Name, JToken Value)[] added)
    {
        var copy = new JObject(contexts.Properties().Select(p => new JProperty(p.Name, p.Value)));
        foreach (var (name, value) in added)
        {
            copy[name] = value;
        }

        return copy;
    }

    /// <summary>The workflow's YAML as JSON: scalars as strings (the expressions decide types), mappings, sequences.</summary>
    private static JObject Load(string file)
    {
        var yaml = new YamlStream();
        using (var reader = new StringReader(File.ReadAllText(file)))
        {
            yaml.Load(reader);
        }

        static JToken Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new JObject(map.Children.Select(c => new JProperty(((YamlScalarNode)c.Key).Value!, Convert(c.Value)))),
            YamlSequenceNode list => new JArray(list.Children.Select(Convert)),
            YamlScalarNode scalar => new JValue(scalar.Value),
            _ => throw new InvalidOperationException("unexpected YAML node " + node.NodeType),
        };

        return (JObject)Convert(yaml.Documents[0].RootNode);
    }
}
