using System.Diagnostics;
using Build.CommandLine;
using Build.Docker;
using Build.Planning;
using Cake.Core.Diagnostics;
using Newtonsoft.Json.Linq;

namespace Build.Execution;

/// <summary>
/// The plan executed one command after another (docs/decisions.md §3.1): each docker build, tag, push, login
/// and run is its own docker process, host steps run in C#. Stops at the first failure; records what it built and
/// pushed in the report. A step on a builder that is not this engine that fails asks the builder whether it still
/// answers (<see cref="BuilderWatch"/>).
/// </summary>
/// <param name="watch">The run's --builder when it is not this engine; null otherwise.</param>
public sealed class SequentialExecutor(DockerTool docker, GitTool git, ICakeLog log, BuildReport report, BuilderWatch? watch = null) : IPlanExecutor
{
    /// <summary>How long after a signal the engine is asked for a container docker run may have left (a create still under way).</summary>
    private static readonly TimeSpan UnstartedGrace = TimeSpan.FromSeconds(5);

    private readonly HostSteps hostSteps = new(git, log);
    private DateTimeOffset runStarted;
    private TextWriter output = Console.Out;
    private TagTransaction? tags;

    public void Prepare(BuildPlan plan, TextWriter output)
    {
        this.output = output;
        new EngineCheck(docker).Check(plan);
        foreach (var directory in plan.Directories)
        {
            Directory.CreateDirectory(directory);
        }

        tags = TagTransaction.Begin(docker, plan, Path.Combine(Path.GetTempPath(), TagLocks.FolderName), line => log.Information("{0}", line));
    }

    public void Finish(bool succeeded)
    {
        if (tags is null)
        {
            return;
        }

        if (succeeded)
        {
            tags.Commit();
            return;
        }

        var putBack = tags.RollBack(line => log.Warning("{0}", line));
        foreach (var tag in putBack)
        {
            log.Information("put back {0}: {1}", tag.Tag, tag.ImageId is null ? "removed, the engine had no such tag before the run" : $"to {tag.ImageId}");
        }

        report.AddPutBack(putBack);
    }

    public void Run(BuildPlan plan, IReadOnlyList<PlanStep> steps)
    {
        foreach (var step in steps)
        {
            Interruption.ThrowIfRequestedBefore(step.Title);
            try
            {
                Run(plan, step);
            }
            catch (ToolFailedException) when (watch is not null && watch.RunsOn(step.Command))
            {
                watch.ThrowIfStopped(StepName(step));
                throw;
            }
        }
    }

    /// <summary>How a failure names the step: its title and first image.</summary>
    internal static string StepName(PlanStep step) => step.Tags.FirstOrDefault() is { } tag ? $"{step.Title} ({tag})" : step.Title;

    private void Run(BuildPlan plan, PlanStep step)
    {
        switch (step.Command)
        {
            case HostCommand host:
                // A host step (clone, patch, copy): its shell equivalent, then the step itself; no image to record.
                log.Information("==> {0}: {1}", step.Title, host.ShellLine(docker.DisplayName));
                hostSteps.Run(host);
                break;
            case DockerRunSettings run:
                // Every image step of the plan came before: the tags stay, whatever the container does.
                tags?.Commit();
                RunContainer(run);
                break;
            case DockerLoginSettings login:
                log.Information("==> {0}", step.Title);
                docker.ExecuteQuotingErrors(login, $"docker login to {login.Server}");
                break;
            case DockerPushSettings push:
                PushAndRecord(plan, step, push);
                break;
            case DockerTagSettings tag:
                log.Information("==> {0}", step.Title);
                docker.Execute(tag, step.Title);
                break;
            case DockerPushByDigestSettings byDigest:
                PushWithExporter(step, byDigest, byDigest.Build.MetadataFile!);
                break;
            case DockerBuildPushSettings fromBuilder:
                PushWithExporter(step, fromBuilder, fromBuilder.Build.MetadataFile!);
                break;
            case DockerBakePushSettings bake:
                PushBake(step, bake);
                break;
            case DockerImagetoolsCreateSettings list:
                Merge(step, list);
                break;
            case DockerCommand build:
                Build(step, build);
                break;
            default:
                throw new InvalidOperationException($"no way to run {step.Command.GetType().Name}");
        }
    }

    /// <summary>An image build: docker's output on the console, then the image's id and size in the report (also when it failed).</summary>
    private void Build(PlanStep step, DockerCommand build)
    {
        log.Information("==> {0}: {1}", step.Title, string.Join(", ", step.Tags));
        log.Verbose("{0}", ShellQuoting.CommandLine(docker.DisplayName, build.ToArguments().Select(Redacted)));
        var clock = Stopwatch.StartNew();
        try
        {
            docker.Execute(build, $"{step.Title} ({step.Tags.FirstOrDefault()})");
        }
        catch (ToolFailedException e)
        {
            report.Add(new BuiltImage(step.Task, step.Title, step.Tags, null, null, clock.Elapsed, e.ExitCode));
            throw;
        }
        catch (RunInterruptedException e)
        {
            report.Add(new BuiltImage(step.Task, step.Title, step.Tags, null, null, clock.Elapsed, e.ExitCode, Cancelled: true));
            throw;
        }

        var (id, size) = step.Tags.Count == 0
            ? (null, null)
            : BuildReport.ParseInspect(docker.Capture(new DockerImageInspectSettings([step.Tags[0]], "{{.Id}} {{.Size}}")).Output);
        report.Add(new BuiltImage(step.Task, step.Title, step.Tags, id, size, clock.Elapsed, null));
    }

    /// <summary>
    /// docker push, recorded in the report as the registry has it. After a signal docker push's exit code does not
    /// say that (it can end with 0 when told to stop, or fail after the manifest went up), so the registry is asked.
    /// </summary>
    private void PushAndRecord(BuildPlan plan, PlanStep step, DockerPushSettings push)
    {
        try
        {
            Push(step, push);
        }
        catch (RunInterruptedException)
        {
            RecordIfInRegistry(plan, push);
            throw;
        }

        if (Interruption.Signal is not null)
        {
            RecordIfInRegistry(plan, push);
            return;
        }

        report.AddPushed(new PushedImage(SourceOf(plan, push.Image), push.Image, Digest(push.Image)));
    }

    /// <summary>The push is recorded when the registry serves the image under its tag: a digest of the local image's.</summary>
    private void RecordIfInRegistry(BuildPlan plan, DockerPushSettings push)
    {
        var remote = docker.Capture(new DockerImagetoolsInspectSettings(push.Image, "{{json .Manifest}}"));
        if (remote.ExitCode != 0 || Local(push.Image) is not { } local)
        {
            return;
        }

        string? digest;
        try
        {
            digest = (string?)JObject.Parse(remote.Output)["digest"];
        }
        catch (Newtonsoft.Json.JsonException)
        {
            // An answer that is not what docker prints: the push is not recorded.
            return;
        }

        if (digest is not null && local.RepoDigests.Select(d => d.Split('@')[^1]).Prepend(local.Id).Contains(digest))
        {
            report.AddPushed(new PushedImage(SourceOf(plan, push.Image), push.Image, digest));
        }
    }

    /// <summary>docker push: its own progress on a terminal; piped or in CI, one line (<see cref="PushProgress"/>).</summary>
    private void Push(PlanStep step, DockerPushSettings push)
    {
        log.Information("==> {0}", step.Title);
        if (!PushProgress.Folds)
        {
            docker.ExecuteQuotingErrors(push, $"docker push {push.Image}");
            return;
        }

        var progress = new PushProgress();
        try
        {
            docker.ExecuteQuotingErrors(push, $"docker push {push.Image}", progress.Read);
        }
        finally
        {
            foreach (var line in progress.Lines(push.Image))
            {
                output.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// RunContainer's docker run attached to this terminal (standard input, output and error are inherited, so -it
    /// works); docker's exit code (the container command's, or docker's own 125-127) becomes the host's exit code.
    /// </summary>
    private void RunContainer(DockerRunSettings run)
    {
        // What runs, as a shell's xtrace line (docs/decisions.md §5.3), on stderr: the container's standard output stays its own.
        Console.Error.WriteLine("+ " + ShellQuoting.CommandLine(docker.DisplayName, run.ToArguments()));

        // Ctrl-C reaches docker too (same process group), which stops the container; the host waits for docker's exit code.
        ConsoleCancelEventHandler waitForDocker = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += waitForDocker;
        runStarted = DateTimeOffset.UtcNow.AddSeconds(-1);
        var image = run.Image;
        // Said on stderr whatever the verbosity, as the stop itself is: it explains why the container ended.
        var relay = run.Name is { } name ? ContainerSignalRelay.Start(docker, name, Console.Error.WriteLine) : null;
        try
        {
            docker.Execute(run, $"docker run {image}");
        }
        catch (ToolFailedException e) when (e.ExitCode != 127)
        {
            // docker run exits with the container command's code, or 125 when docker itself could not run the container.
            var why = e.ExitCode == 125 ? " (docker could not start the container: see its message above)" : string.Empty;
            throw new ToolFailedException($"docker run {image} exited with code {e.ExitCode}{why}", e.ExitCode);
        }
        finally
        {
            Console.CancelKeyPress -= waitForDocker;
            relay?.Dispose();
            RemoveUnstarted(run);
        }
    }

    /// <summary>
    /// After docker run ended: a container it created and never started (a signal between create and start, or an
    /// engine that refused to start it) is removed, and so is one that still runs after a signal (its client died
    /// before it could pass the signal on). Found by the --name given; a run without one is not covered
    /// (docs/decisions.md §4.1).
    /// </summary>
    private void RemoveUnstarted(DockerRunSettings run)
    {
        if (run.Name is not { } container)
        {
            return;
        }

        Interruption.AlsoAfterSignal(() =>
        {
            var inspect = docker.Capture(new DockerContainerInspectSettings(container, "{{.State.Status}} {{.Created}}"));

            // A create request the killed client had sent can still be under way in a busy engine: after a signal, when
            // the engine has no create of that name since the run started (one it made and removed is done), it is
            // asked again for a few seconds, so a container it makes a moment later is found too.
            var clock = Stopwatch.StartNew();
            var waitForCreate = inspect.ExitCode != 0 && Interruption.Signal is not null
                && !docker.Capture(new DockerContainerEventsSettings(container, runStarted, DateTimeOffset.UtcNow, "{{.Action}}")).Output
                    .Split('\n').Contains("create");
            if (waitForCreate)
            {
                log.Information("docker run stopped before its container {0} was made: asking the engine for it for up to {1} s", container, UnstartedGrace.TotalSeconds);
            }

            while (waitForCreate && inspect.ExitCode != 0 && clock.Elapsed < UnstartedGrace)
            {
                Thread.Sleep(250);
                inspect = docker.Capture(new DockerContainerInspectSettings(container, "{{.State.Status}} {{.Created}}"));
            }

            var parts = inspect.Output.Trim().Split(' ');
            if (inspect.ExitCode != 0 || parts.Length < 2)
            {
                return 0;
            }

            // A container of that name made before this run is not this run's.
            var ours = DateTimeOffset.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var created) && created >= runStarted;
            var left = parts[0] == "created" || (parts[0] == "running" && Interruption.Signal is not null);
            if (ours && left)
            {
                log.Information("removing the container docker run left {0}: {1}", parts[0], container);
                docker.Capture(new DockerContainerRemoveSettings(container, Force: true));
            }

            return 0;
        });
    }

    /// <summary>
    /// A push by digest or from the builder: the build with the registry exporter, then what it pushed with the digest
    /// buildx wrote to its metadata file (<see cref="Pushed"/>).
    /// </summary>
    private void PushWithExporter(PlanStep step, DockerCommand push, string metadata)
    {
        log.Information("==> {0}", step.Title);
        docker.Execute(push, step.Title);
        AddPushed(Pushed(step.Title, push, MetadataDigest(metadata), metadata));
    }

    /// <summary>The pushes as one bake (docs/decisions.md §6.6): the bake, then each push recorded with its target's digest from the bake's metadata file.</summary>
    private void PushBake(PlanStep step, DockerBakePushSettings bake)
    {
        log.Information("==> {0}: {1}", step.Title, string.Join(", ", bake.Pushes.Select(p => p.Target)));
        log.Verbose("{0}", bake.ShellLine(docker.DisplayName));
        docker.Execute(bake, step.Title);
        var metadata = bake.Bake.MetadataFile!;
        AddPushed(PushedByBake(step.Title, bake, File.Exists(metadata) ? File.ReadAllText(metadata) : null));
    }

    private void AddPushed(IEnumerable<PushedImage> pushed)
    {
        foreach (var image in pushed)
        {
            report.AddPushed(image);
        }
    }

    /// <summary>
    /// What a bake of pushes recorded: each push with its target's digest in the bake's metadata file (one object per
    /// target name, its <c>containerimage.digest</c>).
    /// </summary>
    /// <param name="metadata">The metadata file's text; null when buildx wrote none.</param>
    /// <exception cref="Facts.EnvironmentException">A push target without a digest: the bake succeeded, so no tool failed.</exception>
    public static IReadOnlyList<PushedImage> PushedByBake(string title, DockerBakePushSettings bake, string? metadata)
    {
        var targets = metadata is null ? [] : JObject.Parse(metadata);
        return [.. bake.Pushes.SelectMany(p => Pushed(title, p.Push, (string?)targets[p.Target]?["containerimage.digest"], $"target {p.Target} of {bake.Bake.MetadataFile}"))];
    }

    /// <summary>What a push from the builder recorded: by digest, its repository, platform and manifest tags; else each name it was pushed under.</summary>
    /// <param name="where">Where buildx was to write the digest, for the line that says it did not.</param>
    /// <exception cref="Facts.EnvironmentException">No digest: the push succeeded, so no tool failed.</exception>
    public static IReadOnlyList<PushedImage> Pushed(string title, DockerCommand push, string? digest, string where)
    {
        var pushed = digest ?? throw new Facts.EnvironmentException($"{title} succeeded, but buildx wrote no image digest to {where}");
        return push switch
        {
            DockerPushByDigestSettings byDigest =>
            [
                new PushedImage(byDigest.Source, byDigest.Repository, pushed)
                {
                    Platform = byDigest.Build.Platform,
                    Repository = byDigest.Repository,
                    ManifestTags = byDigest.ManifestTags,
                },
            ],
            DockerBuildPushSettings fromBuilder => [.. fromBuilder.References.Select(reference => new PushedImage(fromBuilder.Source, reference, pushed))],
            _ => throw new InvalidOperationException($"not a push from the builder: {push.GetType().Name}"),
        };
    }

    private static string? MetadataDigest(string metadata) =>
        File.Exists(metadata) ? (string?)JObject.Parse(File.ReadAllText(metadata))["containerimage.digest"] : null;

    /// <summary>MergeManifests: the manifest list, then its digest as the registry serves it.</summary>
    private void Merge(PlanStep step, DockerImagetoolsCreateSettings list)
    {
        log.Information("==> {0}", step.Title);
        docker.ExecuteQuotingErrors(list, $"docker buildx imagetools create {list.Tags[0]}");
        var inspect = docker.Capture(new DockerImagetoolsInspectSettings(list.Tags[0], "{{json .Manifest}}"));
        var digest = inspect.ExitCode == 0 ? (string?)JObject.Parse(inspect.Output)["digest"] : null;
        report.AddMerged(new MergedList(list.Tags, digest ?? throw new Facts.EnvironmentException($"the registry does not serve the manifest list {list.Tags[0]} just created: {inspect.Error.Trim()}"), list.Sources));
    }

    /// <summary>The registry's digest of a pushed reference, from the engine's RepoDigests (docker push records it).</summary>
    private string Digest(string reference)
    {
        var repository = reference[..reference.LastIndexOf(':')];
        var digest = Local(reference)?.RepoDigests
            .Where(d => d.StartsWith(repository + "@", StringComparison.Ordinal))
            .Select(d => d[(repository.Length + 1)..])
            .FirstOrDefault();

        // docker push succeeded, so no tool failed: the engine did not keep what it was told.
        return digest ?? throw new Facts.EnvironmentException($"docker push {reference} succeeded, but the engine recorded no digest for it");
    }

    /// <summary>A local image's id and RepoDigests (<c>REPOSITORY@DIGEST</c>, one per registry it was pushed to or pulled from); null when the engine answers otherwise.</summary>
    private (string Id, IReadOnlyList<string> RepoDigests)? Local(string reference)
    {
        var inspect = docker.Capture(new DockerImageInspectSettings([reference], "{{.Id}} {{json .RepoDigests}}"));
        var parts = inspect.Output.Trim().Split(' ', 2);
        if (inspect.ExitCode != 0 || parts.Length < 2)
        {
            return null;
        }

        try
        {
            return (parts[0], JArray.Parse(parts[1]).Select(t => (string)t!).ToList());
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    private static string SourceOf(BuildPlan plan, string target) =>
        plan.Steps.Select(s => s.Command).OfType<DockerTagSettings>().FirstOrDefault(t => t.Target == target)?.Source ?? target;

    private static CommandArgument Redacted(CommandArgument argument) =>
        argument.IsSecret ? new CommandArgument("[REDACTED]") : argument;
}
