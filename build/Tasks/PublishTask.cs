using Build.Docker;
using Build.Frosting;
using Build.Options;
using Build.Planning;
using Cake.Core.Diagnostics;

namespace Build.Tasks;

[TaskDescription("Pushes the images this run builds (or --publish-image IMAGE) to --registry HOST[:PORT][/NAMESPACE]; with several --platform values, one manifest list per image; latest-* only for a release (HEAD exactly tagged) or with --push-latest; refuses a dirty tree.")]
[AcceptsOptions(OptionScope.Publish)]
public sealed class PublishTask : FrostingTask<BuildContext>, IPlatformPublisher
{
    public string Name => CakeHost<BuildContext>.TaskName(GetType());

    /// <summary>A dirty working tree, or a release that HEAD's tag does not name (<see cref="PublishComposer.Check"/>).</summary>
    public void Check(PlanInputs inputs) =>
        PublishComposer.Check(inputs.Release, inputs.Options, inputs.Facts.Version, inputs.Sources.WorkingTreeChanges, inputs.Facts.RepoRoot);

    public IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier)
    {
        var release = inputs.Release;
        var version = inputs.Facts.Version;
        if (release.PushByDigest)
        {
            return DigestSteps(inputs, earlier);
        }

        if (release.PublishImages.Count == 0 && BuilderPlanning.PushesFromBuilder(inputs.Options, inputs.Facts))
        {
            return BuilderSteps(inputs, earlier);
        }

        var (pushes, skipped) = PublishComposer.Images(release, version, earlier);
        if (pushes.Count == 0)
        {
            var why = skipped.Count > 0
                ? $"only latest tags ({string.Join(", ", skipped)}), which are pushed for a release (HEAD exactly tagged) or with --push-latest"
                : "no image: add a build task (--target BuildRuntime, ...) or --publish-image IMAGE";
            throw new UsageException($"Publish has nothing to push: this run builds {why}.");
        }

        var steps = new List<PlanStep>();
        steps.AddRange(PublishComposer.Login(Name, release));

        foreach (var push in pushes)
        {
            steps.Add(new PlanStep(Name, $"tag {push.Source}", [], [push.Source], new DockerTagSettings(push.Source, push.Target)));
            steps.Add(new PlanStep(Name, $"push {push.Target}", [], [], new DockerPushSettings(push.Target)));
        }

        return steps;
    }

    /// <summary>
    /// Several --platform values (docs/decisions.md §6.2): per platform, the images the run builds pushed under their
    /// per-architecture tags (for a platform other than the local images', its intermediate bases built first under
    /// per-architecture names), then one manifest list per image from those pushes under the image's tags.
    /// </summary>
    public IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier, IReadOnlyList<PlatformSteps> platforms)
    {
        var release = inputs.Release;
        var steps = new List<PlanStep>();
        steps.AddRange(PublishComposer.Login(Name, release));

        // All or nothing (docs/decisions.md §6.2): every platform's images are built (the other platforms' only into the
        // builder's cache) before the first push, so a platform that fails leaves nothing in the registry; each push
        // is then a cache hit of its build.
        var pushes = new List<DockerPushByDigestSettings>();
        var pushSteps = new List<PlanStep>();
        foreach (var platform in platforms)
        {
            if (!platform.Local)
            {
                steps.AddRange(platform.Steps.Where(s => s.Intermediate && s.Command is DockerBuildSettings)
                    .Select(s => s with { Task = Name, Title = $"{s.Title} ({platform.Platform})" }));
            }

            foreach (var (title, push) in PublishComposer.DigestPushes(release, platform.Platform, inputs.Facts.Version, inputs.Facts.RepoRoot, platform.Steps, staged: true))
            {
                if (!platform.Local)
                {
                    steps.Add(new PlanStep(Name, $"{push.Source} for {platform.Platform}", [], [], push.Build with { Outputs = [BuilderPlanning.CacheOnly], Annotations = [], MetadataFile = null }) { Intermediate = true });
                }

                pushSteps.Add(new PlanStep(Name, title, [], [], push));
                pushes.Add(push);
            }
        }

        steps.AddRange(InOneBake(inputs, [.. earlier, .. steps], pushSteps));

        if (pushes.Count == 0)
        {
            throw new UsageException($"Publish of --platform '{string.Join(',', inputs.Options.PublishPlatforms)}' has nothing to push: it publishes the images this run builds (add a build task, e.g. --target BuildRuntime), and latest tags only for a release or with --push-latest.");
        }

        foreach (var image in pushes.GroupBy(p => string.Join(' ', p.ManifestTags), StringComparer.Ordinal))
        {
            var list = MergeComposer.List(image.First().ManifestTags, [.. image.Select(p => p.Staging!)], inputs.Images.Labels());
            steps.Add(new PlanStep(Name, $"manifest list {list.Tags[0]}", [], [], list));
        }

        return steps;
    }

    public IEnumerable<string> Directories(PlanInputs inputs) =>
        inputs.Release.PushByDigest || inputs.Options.PublishPlatforms.Count > 1 || (inputs.Release.PublishImages.Count == 0 && BuilderPlanning.PushesFromBuilder(inputs.Options, inputs.Facts))
            ? [PublishComposer.MetadataDirectory(inputs.Facts.RepoRoot)]
            : [];

    private List<PlanStep> DigestSteps(PlanInputs inputs, IReadOnlyList<PlanStep> earlier)
    {
        var release = inputs.Release;
        var steps = new List<PlanStep>();
        steps.AddRange(PublishComposer.Login(Name, release));

        var pushes = PublishComposer.DigestPushes(release, inputs.Options.Platform, inputs.Facts.Version, inputs.Facts.RepoRoot, earlier, staged: false, builderPushesByDigest: inputs.Facts.Builder is not { Driver: "docker" })
            .Select(p => new PlanStep(Name, p.Title, [], [], p.Command)).ToList();
        if (pushes.Count == 0)
        {
            throw new UsageException("Publish --push-by-digest has nothing to push: it publishes the images this run builds (add a build task, e.g. --target BuildRuntime), and latest tags only for a release or with --push-latest.");
        }

        steps.AddRange(InOneBake(inputs, [.. earlier, .. steps], pushes));
        return steps;
    }

    /// <summary>
    /// A Publish from a builder that is not this engine: each image pushed straight from the builder under its registry
    /// names (docs/decisions.md §6.6), after every build of the run.
    /// </summary>
    private List<PlanStep> BuilderSteps(PlanInputs inputs, IReadOnlyList<PlanStep> earlier)
    {
        var steps = new List<PlanStep>();
        steps.AddRange(PublishComposer.Login(Name, inputs.Release));
        var pushes = PublishComposer.BuilderPushes(inputs.Release, inputs.Facts.Version, inputs.Facts.RepoRoot, earlier)
            .Select(p => new PlanStep(Name, p.Title, [], [], p.Command)).ToList();
        if (pushes.Count == 0)
        {
            throw new UsageException("Publish has nothing to push: it publishes the images this run builds (add a build task, e.g. --target BuildRuntime), and latest tags only for a release or with --push-latest.");
        }

        steps.AddRange(InOneBake(inputs, [.. earlier, .. steps], pushes));
        return steps;
    }

    /// <summary>
    /// The pushes, on a builder that reads no image store, as one bake when one starts from a base the run builds
    /// (<see cref="BuilderPlanning.PushesInOneBake"/>, docs/decisions.md §6.6); else each its own build.
    /// </summary>
    private static IReadOnlyList<PlanStep> InOneBake(PlanInputs inputs, IReadOnlyList<PlanStep> earlier, IReadOnlyList<PlanStep> pushes) =>
        BuilderPlanning.PushesInOneBake(inputs.Options, inputs.Facts, Path.Combine(PublishComposer.MetadataDirectory(inputs.Facts.RepoRoot), "push-bake.json"), earlier, pushes);

    /// <summary>The latest* tags this run builds and does not push (what will and will not be pushed, also in a dry run).</summary>
    public IEnumerable<string> Notes(PlanInputs inputs, IReadOnlyList<PlanStep> steps) =>
        PublishComposer.Images(inputs.Release, inputs.Facts.Version, steps).SkippedLatest
            .Select(tag => $"Not pushed (not a release; --push-latest pushes it): {tag}");

    public override void Run(BuildContext context) => context.Executor.Run(context.Plan, context.Plan.StepsOf(Name).ToList());
}
