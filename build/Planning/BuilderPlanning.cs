using Build.Docker;
using Build.Facts;
using Build.Options;

namespace Build.Planning;

/// <summary>
/// What the builder (<see cref="BuilderFacts"/>) decides for the plan (docs/decisions.md §6.6): whether images are
/// pushed straight from it, whether they come back into this engine, and whether it can build every platform the
/// plan builds. Pure: the facts were read before.
/// </summary>
public static class BuilderPlanning
{
    /// <summary>
    /// --builder names a builder that is not this engine (facts read): Publish pushes from the builder with an image
    /// exporter instead of docker tag and docker push of images this engine does not have. Facts not read
    /// (hand-made facts): today's tag and push.
    /// </summary>
    public static bool PushesFromBuilder(BuildOptions options, PlanningFacts facts) =>
        options.Builder is not null && facts.Builder is { IsEngine: false };

    /// <summary>
    /// --builder names a builder whose BuildKit reads no image store (driver remote, kubernetes, docker-container;
    /// facts read): its <c>--load</c> goes to this engine, which it does not read, so a build there finds an image by
    /// name only in a registry, and an image another build of the run makes only inside the same bake, through a
    /// <c>target:</c> context (docs/decisions.md §6.6). A builder that did not answer is left to <see cref="Check"/>.
    /// </summary>
    public static bool ReadsNoImageStore(BuildOptions options, PlanningFacts facts) =>
        options.Builder is not null && facts.Builder is { Driver: not "docker" and not "" };

    /// <summary>
    /// On a builder that reads no image store, why the plan's builds must be one bake: the first image a build (or the
    /// build of a push) starts from that an earlier build of the plan makes, in a phrase naming the builder; null when
    /// the builder reads an image store or no build starts from another's image.
    /// </summary>
    public static string? OnlyInOneBake(BuildOptions options, PlanningFacts facts, IReadOnlyList<PlanStep> steps) =>
        ReadsNoImageStore(options, facts) && LinkedImage(steps) is { } image
            ? $"builder '{facts.Builder!.Name}' (driver {facts.Builder.Driver}) reads no image store, so a build finds {image}, which this run builds, only inside the same bake"
            : null;

    /// <summary>The first image a build of the steps starts from (a build argument naming it) that an earlier build of the steps makes; null when none.</summary>
    private static string? LinkedImage(IReadOnlyList<PlanStep> steps)
    {
        var made = new HashSet<string>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (BuildOf(step.Command)?.BuildArgs.FirstOrDefault(a => made.Contains(a.Value)) is { Value: { } image })
            {
                return image;
            }

            if (step.Command is DockerBuildSettings build)
            {
                made.UnionWith(build.Tags);
            }
        }

        return null;
    }

    /// <summary>
    /// A Publish's pushes on a builder that reads no image store when one starts from an image an earlier build makes
    /// (a framework's base): one bake (<see cref="DockerBakePushSettings"/>) of the pushes and, kept in the builder's
    /// cache, the earlier builds they start from (and those start from), linked by <c>target:</c> contexts; the bake
    /// writes its metadata to <paramref name="metadataFile"/>. Otherwise the pushes as they are, each its own build.
    /// </summary>
    public static IReadOnlyList<PlanStep> PushesInOneBake(BuildOptions options, PlanningFacts facts, string metadataFile, IReadOnlyList<PlanStep> earlier, IReadOnlyList<PlanStep> pushes)
    {
        var pushSteps = pushes.Where(p => p.Command is DockerBuildPushSettings or DockerPushByDigestSettings).ToList();
        if (pushSteps.Count == 0 || !ReadsNoImageStore(options, facts) || LinkedImage([.. earlier, .. pushSteps]) is null)
        {
            return pushes;
        }

        // The earlier builds the pushes start from, and those they start from, latest first; then in plan order.
        var named = pushSteps.SelectMany(p => BuildOf(p.Command)!.BuildArgs.Select(a => a.Value)).ToHashSet(StringComparer.Ordinal);
        var linked = new List<DockerBuildSettings>();
        foreach (var build in earlier.Select(s => s.Command).OfType<DockerBuildSettings>().Reverse())
        {
            if (build.Tags.Any(named.Contains))
            {
                linked.Insert(0, build with { Outputs = [CacheOnly] });
                named.UnionWith(build.BuildArgs.Select(a => a.Value));
            }
        }

        var targets = linked.Select(b => new BakeTarget(DockerBakeSettings.TargetName(b.Tags[0]), b)).ToList();
        var bakePushes = pushSteps.Select(p => new BakePush(Path.GetFileNameWithoutExtension(BuildOf(p.Command)!.MetadataFile!), (DockerCommand)p.Command)).ToList();
        targets.AddRange(bakePushes.Select(p => new BakeTarget(p.Target, DockerBakePushSettings.BuildOf(p.Push))));
        var bake = new DockerBakeSettings
        {
            Targets = targets,
            Progress = "auto",
            MetadataFile = metadataFile,
            ReadPaths = [.. targets.Select(t => t.Build.ContextPath).Distinct(StringComparer.Ordinal)],
            Overrides = PushOverrides(options.BakeSets, BakePlanning.Bake(earlier)?.Targets ?? [], targets),
        };
        var first = pushSteps[0];
        var step = new PlanStep(first.Task, $"bake {bakePushes.Count} push{(bakePushes.Count == 1 ? "" : "es")} from builder {facts.Builder!.Name}", [], [], new DockerBakePushSettings(bake, bakePushes));
        return [.. pushes.Where(p => !pushSteps.Contains(p)), step];
    }

    /// <summary>
    /// The user's --bake-set overrides (docs/decisions.md §6.6) for the targets of the pushes' bake: an override whose
    /// pattern matches a build bake target applies to each push bake target that builds the same image (the same
    /// build but for its tags, outputs, annotations and metadata file), under that target's name, so the pushed image
    /// is the one the build bake made. Keys that say where the image goes (<see cref="WhereImagesGo"/>) stay the
    /// pushes' own; an override that matches no pushed or linked image is left out (bake refuses a pattern that
    /// matches no target).
    /// </summary>
    /// <param name="overrides">--bake-set values, TARGET.KEY=VALUE (TARGET a pattern: *, ?, [...]).</param>
    /// <param name="buildTargets">The build bake's targets (named as the user sees them in the dry run and --bake-file).</param>
    /// <param name="pushTargets">The pushes' bake targets.</param>
    public static IReadOnlyList<string> PushOverrides(IReadOnlyList<string> overrides, IReadOnlyList<BakeTarget> buildTargets, IReadOnlyList<BakeTarget> pushTargets)
    {
        var result = new List<string>();
        foreach (var value in overrides)
        {
            var dot = value.IndexOf('.', StringComparison.Ordinal);
            var (pattern, rest) = (value[..dot], value[(dot + 1)..]);
            if (WhereImagesGo.Contains(rest.Split('.', '=')[0]))
            {
                continue;
            }

            var matches = new System.Text.RegularExpressions.Regex(GlobPattern(pattern));
            foreach (var target in pushTargets)
            {
                var built = buildTargets.FirstOrDefault(b => SameImage(b.Build, target.Build));
                if (built is not null && matches.IsMatch(built.Name))
                {
                    result.Add($"{target.Name}.{rest}");
                }
            }
        }

        return result;
    }

    /// <summary>Bake keys that name where a target's image goes: the pushes' bake keeps its own.</summary>
    public static readonly IReadOnlySet<string> WhereImagesGo = new HashSet<string>(["output", "tags", "push", "load"], StringComparer.Ordinal);

    private static bool SameImage(DockerBuildSettings a, DockerBuildSettings b) =>
        Bare(a).ToArguments().SequenceEqual(Bare(b).ToArguments());

    private static DockerBuildSettings Bare(DockerBuildSettings build) => build with { Tags = [], Outputs = [], Annotations = [], MetadataFile = null };

    /// <summary>A bake target pattern (Go's path.Match: *, ?, [...], \ escapes) as an anchored regular expression.</summary>
    private static string GlobPattern(string pattern)
    {
        var regex = new System.Text.StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[' when pattern.IndexOf(']', i + 1) is var end and > 0:
                    var set = pattern[(i + 1)..end];
                    regex.Append('[').Append(set).Append(']'); // [^...] and backslash escapes mean the same in both
                    i = end;
                    break;
                case '\\' when i + 1 < pattern.Length:
                    regex.Append(System.Text.RegularExpressions.Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    regex.Append(System.Text.RegularExpressions.Regex.Escape(c.ToString()));
                    break;
            }
        }

        return regex.Append('$').ToString();
    }

    /// <summary>Whether --builder's images are loaded into this engine: --load, else unless a Publish pushes from the builder and nothing later runs them here.</summary>
    public static bool LoadsImages(BuildOptions options, PlanningFacts facts, TaskSelection tasks) =>
        options.Load ?? !(PushesFromBuilder(options, facts) && tasks.Publishes && !tasks.RunsContainer);

    /// <summary>The exporter of a build on --builder whose image is not loaded: the result stays in the builder's cache.</summary>
    public const string CacheOnly = "type=cacheonly";

    /// <summary>The image build a step runs: a build, or the build of a push from the builder.</summary>
    public static DockerBuildSettings? BuildOf(CommandLine.ArgvCommand command) => command switch
    {
        DockerBuildSettings build => build,
        DockerPushByDigestSettings push => push.Build,
        DockerBuildPushSettings push => push.Build,
        _ => null,
    };

    /// <summary>
    /// A build kept in the builder (<see cref="CacheOnly"/>) whose image a later step of the plan uses by name (a
    /// build's base, an image it needs) is loaded after all: a later build on its own finds it only there. On a
    /// builder that reads no image store (<paramref name="buildsReadNoStore"/>) a later build does not find it there
    /// either (it takes the base inside the bake, through a <c>target:</c> context): only a step that is no build and
    /// needs it on this engine (<see cref="PlanStep.Needs"/>: a container run, a tag) loads it.
    /// </summary>
    public static void LoadWhatLaterStepsUse(List<PlanStep> steps, bool buildsReadNoStore = false)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Command is not DockerBuildSettings { Outputs: [CacheOnly] } build)
            {
                continue;
            }

            var later = steps.Skip(i + 1).ToList();
            var used = build.Tags.Any(tag => later.Any(s => BuildOf(s.Command) is { } laterBuild
                ? !buildsReadNoStore && (s.Needs.Contains(tag) || laterBuild.BuildArgs.Any(a => a.Value == tag))
                : s.Needs.Contains(tag)));
            if (used)
            {
                steps[i] = steps[i] with { Command = build with { Outputs = [] } };
            }
        }
    }

    /// <summary>
    /// Before anything is built or pushed: the builder answers and builds every platform of the plan's builds, on a
    /// node of that platform or by its emulation (BuildKit lists emulated platforms among a node's own). A platform
    /// no node builds is refused when one of its builds' Dockerfiles has a RUN step (its commands need that CPU); a
    /// Dockerfile without one (FROM, COPY) builds anywhere. Returns the note the run prints (dry run included).
    /// </summary>
    /// <param name="builds">The plan's image builds (and builds that push), in plan order.</param>
    /// <exception cref="EnvironmentException">The builder does not answer, or cannot build a platform.</exception>
    public static string? Check(BuilderFacts? builder, IReadOnlyList<DockerBuildSettings> builds, IReadOnlySet<string> dockerfilesWithoutRun)
    {
        if (builder is null || builds.Count == 0)
        {
            return null;
        }

        if (builder.WhyNotAnswering is { } why)
        {
            throw new EnvironmentException($"{why}. Check it with 'docker buildx inspect --bootstrap {builder.Name}' (tools/create-builder.sh makes one), or name another with --builder; nothing was built or pushed.");
        }

        var parts = new List<string>();
        foreach (var platform in builds.Select(b => b.Platform ?? "linux/amd64").Distinct(StringComparer.Ordinal))
        {
            var nodes = builder.NodesFor(platform);
            if (nodes.Count > 0)
            {
                parts.Add($"{platform} on {string.Join(", ", nodes.Select(n => n.Name))}");
                continue;
            }

            if (!builder.PlatformsKnown)
            {
                parts.Add($"{platform} not known before the builder starts (the real run checks it)");
                continue;
            }

            var running = builds.Where(b => (b.Platform ?? "linux/amd64") == platform && !dockerfilesWithoutRun.Contains(b.File)).Select(b => b.File).Distinct(StringComparer.Ordinal).ToList();
            if (running.Count == 0)
            {
                parts.Add($"{platform} on no node, but its Dockerfiles have no RUN step");
                continue;
            }

            var arch = ArchInfo.FromPlatform(platform).Arch;
            var own = string.Join(", ", builder.Nodes.SelectMany(n => n.Platforms).Distinct(StringComparer.Ordinal));
            var name = builder.Driver == "docker" ? "NAME" : builder.Name;
            throw new EnvironmentException(
                $"--platform {platform}: builder '{builder.Name}' (driver {builder.Driver}) cannot build it: no node runs {platform} (its nodes run {own}) and nothing emulates it, and {running[0]} has RUN steps. "
                + $"Add a native {platform} node ('docker buildx create --append --name {name} --platform {platform} ENDPOINT', or tools/create-builder.sh; then --builder {name}), "
                + $"or install emulation where the builder runs ('docker run --privileged --rm tonistiigi/binfmt --install {arch}'); nothing was built or pushed.");
        }

        return $"Builder '{builder.Name}' (driver {builder.Driver}{(builder.IsEngine ? ", this engine" : string.Empty)}): {string.Join("; ", parts)}.";
    }
}
