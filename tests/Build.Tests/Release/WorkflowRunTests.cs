using Build.Tests.Release.Support;
using Build.Tests.Support;
using LibGit2Sharp;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release;

/// <summary>
/// .github/workflows/images.yml run on this machine as GitHub runs it (<see cref="WorkflowRunner"/>): every job, every
/// matrix combination, every <c>run:</c> step in order with its expressions evaluated, against the real engine and a real
/// registry on 127.0.0.1, for a pull request from a fork (no variables, no secrets), a push to main with a shared cache
/// and a login, and a version-tag release (amd64 and arm64 jobs, then the merge).
/// What stands in for GitHub:
/// - the repository is a checkout whose Dockerfiles have no RUN step (FROM scratch and COPY: this machine has no
///   binfmt_misc, so arm64 builds only that way) and whose ./build.sh runs this repository's host with
///   --repo-root (the checkout) and the test's own --image-namespace (never the user's dynamo:* names);
/// - the actions: checkout clones it, setup-dotnet has nothing to do (the SDK is here), setup-buildx-action names the
///   engine's own builder (`default`, which exports caches here: a docker-container builder needs moby/buildkit from a
///   registry this machine does not reach), ghaction-github-runtime is not reached (no gha cache here), the artifact
///   actions copy files between the jobs' workspaces;
/// - a fresh runner per job: before each job the engine loses this test's images and build-cache records, and the job
///   gets an empty docker configuration.
/// The frontend job (tags only) clones the EPP sources from GitHub, which this machine cannot reach: the release
/// scenario stops before it; its login step is the same as the other jobs' (actionlint and action-validator check the job).
/// </summary>
[Trait("Category", "Integration")]
[Collection(RegistryCacheCollection.Name)]
public sealed class WorkflowRunTests : IDisposable
{
    private static readonly string Workflow = Path.Combine(RepoPaths.Root, ".github", "workflows", "images.yml");

    private readonly string root = Directory.CreateTempSubdirectory("workflow-run-").FullName;
    private readonly string ns = TestRun.Namespace($"wf-{Guid.NewGuid():N}"[..11]);
    private readonly string nonce = "itest" + Guid.NewGuid().ToString("N")[..12];
    private readonly string repo;
    private readonly string dockerConfig;
    private readonly string artifacts;

    public WorkflowRunTests()
    {
        DockerCli.Require();
        repo = MakeRepository();
        dockerConfig = Directory.CreateDirectory(Path.Combine(root, "docker-config")).FullName;
        artifacts = Directory.CreateDirectory(Path.Combine(root, "artifacts")).FullName;
    }

    [Fact]
    public void A_pull_request_without_variables_or_secrets_builds_every_image_without_a_cache_or_a_login()
    {
        var runs = Run(Event("pull_request", "refs/pull/7/merge", headRef: "feature/x"), [], [], out var matrix);

        Assert.All(runs, r => Assert.True(r.Result == "success", r.Log));
        Assert.Equal(["matrix", "base", "base", "base", .. Enumerable.Repeat("image", matrix.Count)], runs.Select(r => r.Job));
        Assert.All(runs.Where(r => r.Job == "base"), r => Assert.Contains("No CACHE_REGISTRY variable: no shared cache to fill", r.Log, StringComparison.Ordinal));
        Assert.All(runs.Where(r => r.Job != "matrix"), r => Assert.Contains($"No BuildKit endpoint variable (BUILDKIT_{((string)r.Matrix["arch"]!).ToUpperInvariant()}): building on the runner.", r.Log, StringComparison.Ordinal));
        Assert.All(runs, r => Assert.DoesNotContain(r.StepsRun, s => s.StartsWith("log in", StringComparison.Ordinal)));
        Assert.All(runs, r => Assert.DoesNotContain("--cache-registry", r.Log, StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(dockerConfig, "config.json")) && File.ReadAllText(Path.Combine(dockerConfig, "config.json")).Contains("auths", StringComparison.Ordinal));
        AssertEachImageJobBuiltItsMatrixTags(runs, matrix);
    }

    [Fact]
    public void A_push_to_main_logs_in_and_fills_and_reads_the_shared_cache_on_a_registry()
    {
        using var registry = new LocalRegistry("ci", "s3cret-pw");
        var vars = new Dictionary<string, string> { ["CACHE_REGISTRY"] = $"{registry.Host}/ci", ["REGISTRY_USER"] = "ci", ["REGISTRY"] = $"{registry.Host}/team" };
        var runs = Run(Event("push", "refs/heads/main"), vars, new() { ["REGISTRY_PASSWORD"] = "s3cret-pw" }, out var matrix);

        Assert.All(runs, r => Assert.True(r.Result == "success", r.Log));
        Assert.Equal(["matrix", "base", "base", "base", .. Enumerable.Repeat("image", matrix.Count)], runs.Select(r => r.Job));
        Assert.All(runs.Where(r => r.Job != "matrix"), r => Assert.Contains("Login Succeeded", r.Log, StringComparison.Ordinal));
        Assert.All(runs, r => Assert.DoesNotContain("s3cret-pw", r.Log, StringComparison.Ordinal));

        // The base jobs filled main's cache; each image job (on its own emptied engine) imported its framework's base from it.
        var cacheTags = registry.Tags("ci/dynamo-cache");
        Assert.Contains("vllm-base-main", cacheTags);
        Assert.Contains("vllm-runtime-main", cacheTags);
        var vllmRuntime = runs.Single(r => r.Job == "image" && (string?)r.Matrix["entry"]?["framework"] == "vllm" && (string?)r.Matrix["entry"]?["stage"] == "runtime");
        var steps = JObject.Parse(File.ReadAllText(Path.Combine(vllmRuntime.Workspace, "report.json")))["images"]!.Select(i => i["steps"]).ToList();
        Assert.True(steps.Sum(s => (int?)s?["cached"] ?? 0) > 0, vllmRuntime.Log);
        AssertEachImageJobBuiltItsMatrixTags(runs, matrix);
    }

    [Fact]
    public void A_version_tag_builds_amd64_and_arm64_jobs_pushes_by_digest_and_merges_one_manifest_list_per_image()
    {
        using var registry = new LocalRegistry();
        using (var git = new Repository(repo))
        {
            git.ApplyTag("v1.2.3");
        }

        var vars = new Dictionary<string, string> { ["REGISTRY"] = $"{registry.Host}/team" };
        var runs = Run(Event("push", "refs/tags/v1.2.3"), vars, [], out var matrix, stopBefore: "frontend");

        Assert.All(runs, r => Assert.True(r.Result == "success", r.Log));
        Assert.Equal(["matrix", .. Enumerable.Repeat("base", 6), .. Enumerable.Repeat("image", matrix.Count * 2), "merge"], runs.Select(r => r.Job));
        // Each image job pushed its one architecture by digest (its report, which the merge job reads).
        foreach (var run in runs.Where(r => r.Job == "image"))
        {
            var pushed = (JArray)JObject.Parse(File.ReadAllText(Path.Combine(run.Workspace, "report.json")))["pushed"]!;
            Assert.Equal($"linux/{run.Matrix["arch"]}", (string?)Assert.Single(pushed)["platform"]);
            Assert.StartsWith("sha256:", (string?)pushed[0]["digest"], StringComparison.Ordinal);
        }

        // One manifest list per image, holding both architectures.
        foreach (var entry in matrix)
        {
            var tag = ((JArray)entry["tags"]!).Select(t => (string)t!).Single(t => t.Contains(":v1.2.3-", StringComparison.Ordinal)).Split(':')[1];
            var list = registry.Manifest($"team/{ns}/dynamo", tag);
            Assert.Equal(["amd64", "arm64"], ((JArray)list["manifests"]!).Select(m => (string?)m["platform"]?["architecture"]).Where(a => a != "unknown").Order());
        }
    }

    private static JObject Event(string name, string gitRef, string? headRef = null) => new()
    {
        ["event_name"] = name,
        ["ref"] = gitRef,
        ["ref_name"] = gitRef.Split('/').Last(),
        ["head_ref"] = headRef ?? "",
    };

    private List<JobRun> Run(JObject github, Dictionary<string, string> vars, Dictionary<string, string> secrets, out IReadOnlyList<JObject> matrix, string? stopBefore = null)
    {
        var workflow = Workflow;
        if (stopBefore is not null)
        {
            // The jobs from stopBefore on are left out of this run (see the class summary).
            var text = File.ReadAllText(Workflow);
            workflow = Path.Combine(root, "images.yml");
            File.WriteAllText(workflow, text[..text.IndexOf($"\n  {stopBefore}:\n", StringComparison.Ordinal)] + "\n");
        }

        var runner = new WorkflowRunner(workflow, Directory.CreateDirectory(Path.Combine(root, "runs")).FullName)
        {
            BeforeJob = _ =>
            {
                TestRun.RemoveNamespace(ns);
                DockerCli.Cli("builder", "prune", "--force", "--filter", $"description~={nonce}");
                Directory.Delete(dockerConfig, recursive: true);
                Directory.CreateDirectory(dockerConfig);
            },
        };
        var tagged = ((string)github["ref"]!).StartsWith("refs/tags/", StringComparison.Ordinal);
        runner.Actions["actions/checkout"] = (_, workspace, _) =>
        {
            Assert.Equal(0, Build.Tests.Support.Run.Process("git", ["clone", "-q", repo, "."], workspace).ExitCode);
            if (tagged)
            {
                Assert.Equal(0, Build.Tests.Support.Run.Process("git", ["checkout", "-q", (string)github["ref_name"]!], workspace).ExitCode);
            }

            return new JObject();
        };
        runner.Actions["actions/setup-dotnet"] = (_, _, _) => new JObject();
        runner.Actions["docker/setup-buildx-action"] = (_, _, _) => new JObject { ["name"] = "default" };
        runner.Actions["actions/upload-artifact"] = (with, workspace, _) =>
        {
            var source = Path.Combine(workspace, (string)with["path"]!);
            if (File.Exists(source))
            {
                var target = Directory.CreateDirectory(Path.Combine(artifacts, (string)with["name"]!)).FullName;
                File.Copy(source, Path.Combine(target, Path.GetFileName(source)));
            }

            return new JObject();
        };
        runner.Actions["actions/download-artifact"] = (with, workspace, _) =>
        {
            var prefix = ((string)with["pattern"]!).TrimEnd('*');
            foreach (var artifact in Directory.GetDirectories(artifacts).Where(d => Path.GetFileName(d).StartsWith(prefix, StringComparison.Ordinal)))
            {
                var target = Directory.CreateDirectory(Path.Combine(workspace, (string)with["path"]!, Path.GetFileName(artifact))).FullName;
                foreach (var file in Directory.GetFiles(artifact))
                {
                    File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
                }
            }

            return new JObject();
        };

        var environment = new Dictionary<string, string?>
        {
            ["GITHUB_ACTIONS"] = "true", ["CI"] = "true", ["GITHUB_EVENT_NAME"] = (string?)github["event_name"],
            ["GITHUB_REF"] = (string?)github["ref"], ["GITHUB_REF_NAME"] = (string?)github["ref_name"], ["GITHUB_HEAD_REF"] = (string?)github["head_ref"],
            ["DOCKER_CONFIG"] = dockerConfig, ["RUNNER_ARCH"] = "X64",
        };
        var runs = runner.Run(github, vars, secrets, environment).ToList();
        var plan = runs.First(r => r.Job == "matrix");
        var json = plan.Log.Split('\n').Single(l => l.StartsWith("{\"include\"", StringComparison.Ordinal));
        matrix = ((JArray)JObject.Parse(json)["include"]!).Cast<JObject>().ToList();
        return runs;
    }

    /// <summary>CiMatrix names exactly the tags each image job built (from the job's report).</summary>
    private static void AssertEachImageJobBuiltItsMatrixTags(IReadOnlyList<JobRun> runs, IReadOnlyList<JObject> matrix)
    {
        Assert.Equal(8, matrix.Count);
        foreach (var run in runs.Where(r => r.Job == "image"))
        {
            var report = JObject.Parse(File.ReadAllText(Path.Combine(run.Workspace, "report.json")));
            var built = ((JArray)report["images"]!).SelectMany(i => ((JArray)i["tags"]!).Select(t => (string)t!)).ToList();
            var entry = (JObject)run.Matrix["entry"]!;
            Assert.Contains(matrix, m => JToken.DeepEquals(m, entry));
            Assert.All(((JArray)entry["tags"]!).Select(t => (string)t!), tag => Assert.Contains(tag, built));
        }
    }

    /// <summary>
    /// A git repository standing in for this one on GitHub: the workflow's helper scripts, the context file, four
    /// Dockerfiles (none, vllm, sglang, trtllm; dev and runtime stages, no RUN), and ./build.sh running this
    /// repository's host on it under the test's namespace.
    /// </summary>
    /// <summary>The repository's scripts the workflow's steps run.</summary>
    private static readonly string[] WorkflowScripts = [".github/workflows/cache-summary.sh", ".github/workflows/remote-builder.sh", "tools/create-builder.sh"];

    private string MakeRepository()
    {
        var path = Directory.CreateDirectory(Path.Combine(root, "repository")).FullName;
        Repository.Init(path);
        using var git = new Repository(path);
        git.Refs.UpdateTarget("HEAD", "refs/heads/main");
        var container = RepoPaths.MakeContainerFolder(path);
        File.WriteAllText(Path.Combine(path, "payload.txt"), nonce + "\n");
        File.WriteAllText(Path.Combine(container, "Dockerfile"), $"FROM scratch AS dev\nCOPY payload.txt /{nonce}/dev.txt\n\nFROM dev AS runtime\nCOPY payload.txt /{nonce}/runtime.txt\n");
        foreach (var framework in new[] { "vllm", "sglang", "trtllm" })
        {
            File.WriteAllText(Path.Combine(container, $"Dockerfile.{framework}"),
                $"ARG DYNAMO_BASE_IMAGE=dynamo:latest-none\nFROM ${{DYNAMO_BASE_IMAGE}} AS dev\nCOPY payload.txt /{nonce}/{framework}-dev.txt\n\nFROM dev AS runtime\nCOPY payload.txt /{nonce}/{framework}-runtime.txt\n");
        }

        Directory.CreateDirectory(Path.Combine(path, ".github", "workflows"));
        Directory.CreateDirectory(Path.Combine(path, "tools"));
        foreach (var script in WorkflowScripts)
        {
            File.Copy(Path.Combine(RepoPaths.Root, script), Path.Combine(path, script));
            File.SetUnixFileMode(Path.Combine(path, script), (UnixFileMode)0b111_101_101);
        }

        File.WriteAllText(Path.Combine(path, "build.sh"), $$"""
            #!/usr/bin/env bash
            # This repository's host on the checkout ($PWD), under the test's image namespace (MergeManifests names no local image).
            ns=(--image-namespace '{{ns}}')
            for a in "$@"; do [[ "$a" == MergeManifests ]] && ns=(); done
            exec '{{Path.Combine(RepoPaths.Root, "build.sh")}}' --repo-root "$PWD" "${ns[@]}" "$@"
            """.Replace("\r", "") + "\n");
        File.SetUnixFileMode(Path.Combine(path, "build.sh"), (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(path, ".gitignore"), "/.build/\nreport.json\n");
        Commands.Stage(git, "*");
        var signature = new Signature("Test", "test@example.com", new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        git.Commit("workflow fixture", signature, signature);
        return path;
    }

    public void Dispose()
    {
        TestRun.RemoveNamespace(ns);
        DockerCli.Cli("builder", "prune", "--force", "--filter", $"description~={nonce}");
        Directory.Delete(root, recursive: true);
    }
}
