using System.Diagnostics;
using Build.Docker;
using Build.Facts;
using Build.Planning;
using Cake.Core.Diagnostics;

namespace Build.Execution;

/// <summary>
/// The plan with all its image builds as one <c>docker buildx bake</c> (docs/decisions.md §3.1), in the order of
/// <see cref="BuildPlan.ExecutionOrder"/> that the dry run prints: host steps, the bake, then tag/push/run. Every
/// step other than the bake is the sequential executor's. Tasks call <see cref="Run"/> one after another: the first
/// that has a build runs the bake for all; later build steps are already built. A bake on a builder that is not
/// this engine that fails asks the builder whether it still answers (<see cref="BuilderWatch"/>).
/// </summary>
/// <param name="watch">The run's --builder when it is not this engine; null otherwise.</param>
public sealed class BakeExecutor(SequentialExecutor sequential, DockerTool docker, ICakeLog log, BuildReport report, BakeView view, BuilderWatch? watch = null) : IPlanExecutor
{
    private int next;

    public void Prepare(BuildPlan plan, TextWriter output) => sequential.Prepare(plan, output);

    public void Finish(bool succeeded) => sequential.Finish(succeeded);

    public void Run(BuildPlan plan, IReadOnlyList<PlanStep> steps)
    {
        var order = plan.ExecutionOrder;
        var last = steps
            .Select(step => step.Command is DockerBuildSettings ? plan.Bake! : step)
            .Select(step => IndexOf(order, step))
            .DefaultIfEmpty(-1)
            .Max();
        for (; next <= last; next++)
        {
            var step = order[next];
            if (ReferenceEquals(step, plan.Bake))
            {
                try
                {
                    Bake(plan, step);
                }
                catch (ToolFailedException) when (watch is not null && watch.RunsOn(step.Command))
                {
                    watch.ThrowIfStopped(SequentialExecutor.StepName(step));
                    throw;
                }
            }
            else
            {
                sequential.Run(plan, [step]);
            }
        }
    }

    private static int IndexOf(IReadOnlyList<PlanStep> order, PlanStep step)
    {
        for (var i = 0; i < order.Count; i++)
        {
            if (ReferenceEquals(order[i], step))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"step '{step.Title}' is not in the plan");
    }

    private void Bake(BuildPlan plan, PlanStep step)
    {
        var bake = (DockerBakeSettings)step.Command;
        var builds = plan.Steps.Where(s => s.Command is DockerBuildSettings).ToList();
        log.Information("==> {0}: {1}", step.Title, string.Join(", ", builds.Select(b => b.Tags.FirstOrDefault() ?? b.Title)));
        log.Verbose("{0}", string.Join(' ', bake.ToArguments().Select(a => a.Value).Prepend(docker.DisplayName)));

        // BuildKit prefixes vertex names with the target only when the bake has several ("[target stage n/m] ...").
        // Only this run's events count: the progress takes the moment the bake starts (BuildKitProgress).
        var names = bake.Targets.Select(t => t.Name).ToList();
        var clock = Stopwatch.StartNew();
        var started = DateTimeOffset.UtcNow;
        var progress = names.Count == 1 ? new BuildKitProgress(names[0], started) : new BuildKitProgress(names, namesStartWithTarget: true, started);
        progress.Changed += stateChanged => view.Update(progress.Images, stateChanged);
        var messages = new List<string>();
        view.Start(names);
        int exit;
        try
        {
            exit = docker.Stream(bake, line =>
            {
                progress.Read(line);
                if (!line.StartsWith('{') && line.Trim().Length > 0)
                {
                    lock (messages)
                    {
                        messages.Add(line);
                    }
                }
            });
        }
        catch (RunInterruptedException e)
        {
            // Told to stop: the bake was cancelled as a whole; every image of it is reported cancelled, none tagged.
            progress.Finish(bakeSucceeded: false);
            view.Finish(progress.Images());
            foreach (var (build, target) in builds.Zip(bake.Targets))
            {
                var steps = progress.Image(target.Name);
                report.Add(new BuiltImage(build.Task, build.Title, build.Tags, null, null, steps?.Duration ?? clock.Elapsed, e.ExitCode, Cancelled: true)
                {
                    Steps = steps,
                });
            }

            throw;
        }

        progress.Finish(exit == 0);
        view.Finish(progress.Images());
        var elapsed = clock.Elapsed;
        report.AddBake(new BakeRun(builds.Select(b => b.Task).Distinct().ToList(), elapsed));

        // docker's own lines (warnings, the final error) after the view, so they are not drawn over.
        foreach (var message in messages)
        {
            Console.Error.WriteLine(message);
        }

        var targets = bake.Targets.Zip(builds, (target, build) => (target.Name, Build: build, Steps: progress.Image(target.Name))).ToList();
        if (exit == 0)
        {
            var inspected = Inspect(targets.Select(t => t.Build.Tags.FirstOrDefault()).OfType<string>().ToList());
            foreach (var (_, build, steps) in targets)
            {
                var (id, size) = build.Tags.Count == 0 ? (null, null) : inspected.GetValueOrDefault(build.Tags[0]);
                report.Add(new BuiltImage(build.Task, build.Title, build.Tags, id, size, steps?.Duration ?? elapsed, null) { Steps = steps });
            }

            return;
        }

        if (Refused(messages) is { } refused)
        {
            throw new EnvironmentException(refused);
        }

        // The images whose step failed; when BuildKit named none, the bake's own "target NAME" error line.
        var failed = targets.Where(t => t.Steps?.Failed is not null).ToList();
        if (failed.Count == 0)
        {
            failed = targets.Where(t => messages.Any(m => m.Contains($"target {t.Name}:", StringComparison.Ordinal))).ToList();
        }

        if (failed.Count == 0)
        {
            // Nothing names the image: the bake as a whole failed, and the report says so for every image in it.
            failed = targets;
        }

        // The images the bake finished before it failed were stored under their tags: the report says so (the run
        // then puts their tags back, docs/decisions.md §4.5).
        var done = targets.Where(t => t.Steps?.Phase == ImagePhase.Done && !failed.Contains(t)).ToList();
        var stored = Inspect(done.Select(t => t.Build.Tags.FirstOrDefault()).OfType<string>().ToList());
        foreach (var (_, build, steps) in done)
        {
            var (id, size) = build.Tags.Count == 0 ? (null, null) : stored.GetValueOrDefault(build.Tags[0]);
            report.Add(new BuiltImage(build.Task, build.Title, build.Tags, id, size, steps?.Duration ?? elapsed, null) { Steps = steps });
        }

        foreach (var (_, build, steps) in failed)
        {
            report.Add(new BuiltImage(build.Task, build.Title, build.Tags, null, null, steps?.Duration ?? elapsed, exit) { Steps = steps });
        }

        var what = failed.Count == targets.Count && failed.All(f => f.Steps?.Failed is null) && targets.Count > 1
            ? "docker buildx bake"
            : string.Join("; ", failed.Select(f => $"{f.Build.Title} ({f.Build.Tags.FirstOrDefault()})" + (f.Steps?.Failed is { } s ? $" at step {s.Name}" : string.Empty)));
        var why = messages.Select(m => m.Trim()).LastOrDefault(m => m.Length > 0);
        throw new ToolFailedException($"{what} failed: docker buildx bake exited with code {exit}{(why is null ? string.Empty : ": " + why)}", exit);
    }

    /// <summary>An entitlement the builder refused (the solve did not start): the machine's setting, not a failed step.</summary>
    public static string? Refused(IEnumerable<string> messages)
    {
        var line = messages.FirstOrDefault(m =>
            m.Contains("entitlement", StringComparison.OrdinalIgnoreCase) && m.Contains("not", StringComparison.OrdinalIgnoreCase));
        return line is null
            ? null
            : $"the BuildKit builder refused an entitlement the bake needs ({line.Trim()}): allow it on the builder (network.host for --build-network host), or run with --executor sequential.";
    }

    /// <summary>The id and size of every image the bake stored, by its first tag: one <c>docker image inspect</c> for all.</summary>
    private Dictionary<string, (string? Id, long? Size)> Inspect(IReadOnlyList<string> images)
    {
        var found = new Dictionary<string, (string? Id, long? Size)>(StringComparer.Ordinal);
        if (images.Count == 0)
        {
            return found;
        }

        // One line per image, in the order asked. An image the engine does not have (pushed, not stored) has no line:
        // then each is asked alone, so the others still get theirs.
        var lines = docker.Capture(new DockerImageInspectSettings(images, "{{.Id}} {{.Size}}")).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (image, i) in images.Select((image, i) => (image, i)))
        {
            found[image] = BuildReport.ParseInspect(lines.Length == images.Count
                ? lines[i]
                : docker.Capture(new DockerImageInspectSettings([image], "{{.Id}} {{.Size}}")).Output);
        }

        return found;
    }
}
