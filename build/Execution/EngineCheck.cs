using Build.Docker;
using Build.Facts;
using Build.Planning;

namespace Build.Execution;

/// <summary>
/// Checks, before a real run builds anything, that the chosen docker client reaches an engine and has
/// BuildKit, and that images the plan consumes but does not build exist; each problem says how to fix it.
/// A problem is the machine's (<see cref="EnvironmentException"/>), not the user's input and not a failed tool.
/// </summary>
public sealed class EngineCheck(DockerTool docker)
{
    public void Check(BuildPlan plan)
    {
        var builds = plan.Steps.Select(s => s.Command).OfType<DockerBuildSettings>().ToList();
        if (plan.Steps.Count == 0)
        {
            return;
        }

        var version = docker.Capture(new DockerVersionSettings("{{.Client.Version}}|{{.Server.Version}}"));
        if (version.ExitCode != 0)
        {
            var why = version.Error.Split('\n').FirstOrDefault(l => l.Length > 0) ?? "no answer";
            throw new EnvironmentException($"cannot reach the Docker engine with '{docker.DisplayName}': {why}. Start dockerd (or set DOCKER_HOST) and try again.");
        }

        // A bake plan was chosen from the client's buildx version (build/Facts/BuildxFacts.cs): BuildKit is there.
        if (builds.Count > 0 && plan.Executor != PlanExecutor.Bake)
        {
            CheckBuildKit(builds, version.Output.Split('|')[0]);
        }

        CheckExports([.. builds, .. plan.Steps.Select(s => s.Command).OfType<DockerPushByDigestSettings>().Select(p => p.Build)]);

        CheckNeededImages(plan);
    }

    private void CheckBuildKit(IReadOnlyList<DockerBuildSettings> builds, string clientVersion)
    {
        if (docker.Capture(new DockerBuildxVersionSettings()).ExitCode == 0)
        {
            return;
        }

        var fix = $"install the docker-buildx plugin for '{docker.DisplayName}', or choose a client that has it with --docker-path";
        _ = int.TryParse(clientVersion.Split('.')[0], out var major);
        if (major >= 23)
        {
            throw new EnvironmentException($"BuildKit is missing: docker client {clientVersion} has no buildx plugin, and its docker build needs it. To fix: {fix}.");
        }

        var needsBuildx = builds.SelectMany(b => new[]
        {
            b.BuildContexts.Count > 0 ? "--build-context" : null,
            b.CacheTo.Count > 0 ? "--cache-to" : null,
            b.Builder is not null ? "--builder" : null,
        }).FirstOrDefault(f => f is not null);
        if (needsBuildx is not null)
        {
            throw new EnvironmentException($"BuildKit via buildx is missing: docker client {clientVersion} has no buildx plugin, and the plan uses {needsBuildx}. To fix: {fix}.");
        }

        if (Environment.GetEnvironmentVariable("DOCKER_BUILDKIT") != "1")
        {
            throw new EnvironmentException($"BuildKit is off: docker client {clientVersion} has no buildx plugin and would use the legacy builder, which cannot run the Dockerfiles' RUN --mount=type=secret. To fix: export DOCKER_BUILDKIT=1, or {fix}.");
        }
    }

    /// <summary>
    /// The engine's own builder (docker driver) exports caches, pushes from the build and keeps attestations only with
    /// the containerd image store; asked for on an engine without it, that is refused before anything is built or
    /// pushed (docs/decisions.md §6.3). A named BuildKit builder (--builder, other than buildx's `default`) decides for itself.
    /// </summary>
    private void CheckExports(IReadOnlyList<DockerBuildSettings> builds)
    {
        var needs = builds.Where(b => b.OnEngineBuilder).SelectMany(b => new[]
        {
            b.CacheTo.Count > 0 ? "--cache-to/--cache-registry (cache export)" : null,
            b.Outputs.Count > 0 ? "--push-by-digest (push from the build)" : null,
            b.Provenance == true ? "--provenance on" : null,
            b.Sbom == true ? "--sbom on" : null,
        }).FirstOrDefault(n => n is not null);
        if (needs is null)
        {
            return;
        }

        var status = docker.Capture(new DockerInfoSettings("{{json .DriverStatus}}"));
        if (status.ExitCode == 0 && !status.Output.Contains("io.containerd.snapshotter.v1", StringComparison.Ordinal))
        {
            throw new Options.UsageException($"{needs} needs an engine that can export from its builds, but this engine's builder (docker driver) stores images without the containerd image store: turn the store on (daemon.json \"features\": {{\"containerd-snapshotter\": true}}), or name a BuildKit builder with --builder.");
        }
    }

    /// <summary>With --exclusive a stage builds against images of earlier stages: they must exist already.</summary>
    private void CheckNeededImages(BuildPlan plan)
    {
        var built = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in plan.Steps)
        {
            foreach (var need in step.Needs.Where(n => !built.Contains(n)))
            {
                if (docker.Capture(new DockerImageInspectSettings([need], "{{.Id}}")).ExitCode != 0)
                {
                    throw new EnvironmentException($"{step.Title} needs the image {need}, which this run does not build and the engine does not have: build it first (or, with --exclusive, drop --exclusive so this run builds it).");
                }
            }

            built.UnionWith(step.Tags);
        }
    }
}
