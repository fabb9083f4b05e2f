using Build.Docker;
using Build.Frosting;
using Build.Options;
using Build.Planning;
using Cake.Core.Diagnostics;

namespace Build.Tasks;

[TaskDescription("Pushes the images this run builds (or --publish-image IMAGE) to --registry HOST[:PORT][/NAMESPACE]; latest-* only for a release (HEAD exactly tagged) or with --push-latest; refuses a dirty tree.")]
public sealed class PublishTask : FrostingTask<BuildContext>, IPlannedTask
{
    public string Name => CakeHost<BuildContext>.TaskName(GetType());

    public IEnumerable<PlanStep> Plan(PlanInputs inputs, IReadOnlyList<PlanStep> earlier)
    {
        var release = inputs.Release;
        var version = inputs.Facts.Version;
        PublishComposer.Check(release, inputs.Options, version, inputs.Sources.WorkingTreeChanges, inputs.Facts.RepoRoot);
        if (release.PushByDigest)
        {
            return DigestSteps(inputs, earlier);
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
        if (PublishComposer.Login(Name, release) is { } login)
        {
            steps.Add(login);
        }

        foreach (var push in pushes)
        {
            steps.Add(new PlanStep(Name, $"tag {push.Source}", [], [push.Source], new DockerTagSettings(push.Source, push.Target)));
            steps.Add(new PlanStep(Name, $"push {push.Target}", [], [], new DockerPushSettings(push.Target)));
        }

        return steps;
    }

    public IEnumerable<string> Directories(PlanInputs inputs) =>
        inputs.Release.PushByDigest ? [PublishComposer.MetadataDirectory(inputs.Facts.RepoRoot)] : [];

    private List<PlanStep> DigestSteps(PlanInputs inputs, IReadOnlyList<PlanStep> earlier)
    {
        var release = inputs.Release;
        var steps = new List<PlanStep>();
        if (PublishComposer.Login(Name, release) is { } login)
        {
            steps.Add(login);
        }

        var pushes = PublishComposer.DigestPushes(release, inputs.Options, inputs.Facts.Version, inputs.Facts.RepoRoot, earlier)
            .Select(p => new PlanStep(Name, p.Title, [], [], p.Command)).ToList();
        if (pushes.Count == 0)
        {
            throw new UsageException("Publish --push-by-digest has nothing to push: it publishes the images this run builds (add a build task, e.g. --target BuildRuntime), and latest tags only for a release or with --push-latest.");
        }

        steps.AddRange(pushes);
        return steps;
    }

    public override void Run(BuildContext context)
    {
        foreach (var note in PublishComposer.Images(context.Release, context.Facts.Version, context.Plan.Steps).SkippedLatest)
        {
            context.Log.Information("Not pushed (not a release; --push-latest pushes it): {0}", note);
        }

        context.Executor.Run(context.Plan, context.Plan.StepsOf(Name).ToList());
    }
}
