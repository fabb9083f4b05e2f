using Build.Docker;
using Build.Facts;
using Build.Options;

namespace Build.Planning;

/// <summary>Which executor runs a plan's image builds.</summary>
public enum PlanExecutor
{
    /// <summary>One <c>docker build</c> per image, in plan order.</summary>
    Sequential,

    /// <summary>All image builds as one <c>docker buildx bake</c> (docs/decisions.md §3.1).</summary>
    Bake,
}

/// <summary>
/// The executor choice (from --executor and the client's buildx) and the bake step made from the plan's own
/// <see cref="DockerBuildSettings"/>. Pure: the facts were read before.
/// </summary>
public static class BakePlanning
{
    /// <summary>The plan's executor, and the note that says why auto fell back to sequential (null otherwise).</summary>
    /// <param name="builds">The plan's image builds.</param>
    /// <param name="frameworks">How many frameworks the run builds.</param>
    /// <param name="oneBake">Why the builds must be one bake (<see cref="BuilderPlanning.OnlyInOneBake"/>): a base
    /// the builder finds only inside the same bake; null when one build after another works.</param>
    /// <exception cref="EnvironmentException">--executor bake, or a plan that must be one bake, with a client that cannot bake.</exception>
    /// <exception cref="UsageException">--executor sequential for a plan that must be one bake.</exception>
    public static (PlanExecutor Executor, string? Note) Choose(ExecutorChoice choice, BuildxFacts? buildx, string client, IReadOnlyList<DockerBuildSettings> builds, int frameworks, string? oneBake = null)
    {
        // The two options contradict each other on the builder --builder names (docs/decisions.md §6.6): exit 2.
        if (builds.Count > 0 && choice == ExecutorChoice.Sequential && oneBake is not null)
        {
            throw new UsageException($"--executor sequential cannot build this plan: {oneBake}, and one build after another would ask a registry for it; use --executor auto or bake.");
        }

        if (builds.Count == 0 || choice == ExecutorChoice.Sequential)
        {
            return (PlanExecutor.Sequential, null);
        }

        // Facts not read (hand-made facts): an explicit choice is taken as given; auto keeps the sequential plan
        // unless only one bake can build it.
        if (buildx is null)
        {
            return (choice == ExecutorChoice.Bake || oneBake is not null ? PlanExecutor.Bake : PlanExecutor.Sequential, null);
        }

        if (buildx.WhyNoBake(client) is not { } why)
        {
            // One bake of several frameworks takes only part of an imported cache: BuildKit misses the cache of steps
            // the frameworks' targets share, and of all that follows them (docs/decisions.md §6.1). One build after
            // another takes all of it, where it can build the plan at all.
            return choice == ExecutorChoice.Auto && oneBake is null && frameworks > 1 && builds.Any(b => b.CacheFrom.Count > 0)
                ? (PlanExecutor.Sequential, "Building one image after another: this run imports a build cache, and one bake of several frameworks would take only part of it (--executor auto; --executor bake insists).")
                : (PlanExecutor.Bake, null);
        }

        // The option's value is valid; this machine's client cannot do it (docs/decisions.md §3.1: exit 1, not 2).
        return choice == ExecutorChoice.Bake
            ? throw new EnvironmentException($"--executor bake cannot run here: {why}. Install docker-buildx 0.29 or newer, name such a client with --docker-path, or use --executor sequential.")
            : oneBake is not null
                ? throw new EnvironmentException($"This plan needs one bake ({oneBake}), which cannot run here: {why}. Install docker-buildx 0.29 or newer, or name such a client with --docker-path.")
                : (PlanExecutor.Sequential, $"Building one image after another: {why} (--executor auto).");
    }

    /// <summary>
    /// One bake of every image build of the steps, one target per image, named after the image's first tag; none when
    /// a build has a --build-flag a bake cannot carry (the plan then has no bake form: <see cref="PlanValidation.CheckPassThrough"/>).
    /// </summary>
    public static DockerBakeSettings? Bake(IReadOnlyList<PlanStep> steps)
    {
        var builds = steps.Where(s => s.Command is DockerBuildSettings).ToList();
        if (builds.Count == 0 || builds.Any(s => ((DockerBuildSettings)s.Command).ExtraFlags.Any(f => BuildSettingRenderer.WhyNotCarried(f) is not null)))
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var targets = new List<BakeTarget>();
        foreach (var step in builds)
        {
            // A build without tags (one that only fills the builder's cache) is named by what it is for.
            var build = (DockerBuildSettings)step.Command;
            var name = DockerBakeSettings.TargetName(build.Tags.FirstOrDefault() ?? step.Title);
            var unique = name;
            for (var n = 2; !names.Add(unique); n++)
            {
                unique = $"{name}-{n}";
            }

            targets.Add(new BakeTarget(unique, build));
        }

        return new DockerBakeSettings { Targets = targets };
    }

    /// <summary>
    /// The order a bake plan runs in, which its dry run prints: the host steps (they only prepare inputs), the
    /// steps that came before the first build, the one bake, then the remaining steps (tag, push, run).
    /// </summary>
    public static IReadOnlyList<PlanStep> ExecutionOrder(IReadOnlyList<PlanStep> steps, PlanStep bake)
    {
        var firstBuild = steps.TakeWhile(s => s.Command is not DockerBuildSettings).Count();
        var others = steps.Where(s => s.Command is not HostCommand and not DockerBuildSettings).ToList();
        var before = steps.Take(firstBuild).Where(s => s.Command is not HostCommand).ToList();
        return
        [
            .. steps.Where(s => s.Command is HostCommand),
            .. before,
            bake,
            .. others.Skip(before.Count),
        ];
    }
}
