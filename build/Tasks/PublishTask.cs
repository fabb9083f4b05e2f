using Build.Docker;
using Build.Execution;
using Build.Frosting;
using Build.Options;
using Build.Planning;
using Build.Versioning;
using Cake.Core.Diagnostics;

namespace Build.Tasks;

[TaskName(ReleaseOptions.PublishTask)]
[TaskDescription("Pushes the images this run builds (or --publish-image IMAGE) to --registry HOST[:PORT][/NAMESPACE]; latest-* only for a release (HEAD exactly tagged) or with --push-latest; refuses a dirty tree.")]
public sealed class PublishTask : FrostingTask<BuildContext>, IPlannedTask
{
    public IEnumerable<PlanStep> Plan(BuildContext context) => Plan(context, []);

    public IEnumerable<PlanStep> Plan(BuildContext context, IReadOnlyList<PlanStep> earlier)
    {
        var release = context.Release;
        var version = context.Facts.Version;
        PublishComposer.Check(release, context.Options, version, WorkingTree.Changes(context.Facts.RepoRoot), context.Facts.RepoRoot);
        var (pushes, skipped) = PublishComposer.Images(release, version, earlier);
        if (pushes.Count == 0)
        {
            var why = skipped.Count > 0
                ? $"only latest tags ({string.Join(", ", skipped)}), which are pushed for a release (HEAD exactly tagged) or with --push-latest"
                : "no image: add a build task (--target BuildRuntime, ...) or --publish-image IMAGE";
            throw new UsageException($"Publish has nothing to push: this run builds {why}.");
        }

        var steps = new List<PlanStep>();
        if (release.RegistryUser is { } user)
        {
            steps.Add(new PlanStep(Name, $"log in to {release.Registry!.Host}", [], [], new DockerLoginSettings(release.Registry.Host, user, release.RegistryPasswordVariable)));
        }

        foreach (var push in pushes)
        {
            steps.Add(new PlanStep(Name, $"tag {push.Source}", [], [push.Source], new DockerTagSettings(push.Source, push.Target)));
            steps.Add(new PlanStep(Name, $"push {push.Target}", [], [], new DockerPushSettings(push.Target)));
        }

        return steps;
    }

    public override void Run(BuildContext context)
    {
        foreach (var note in PublishComposer.Images(context.Release, context.Facts.Version, context.Plan.Steps).SkippedLatest)
        {
            context.Log.Information("Not pushed (not a release; --push-latest pushes it): {0}", note);
        }

        PublishRunner.Run(context, context.Plan.StepsOf(Name));
    }

    private static string Name => ReleaseOptions.PublishTask;
}
