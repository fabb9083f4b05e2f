using Build.Docker;
using Build.Options;
using Build.Versioning;

namespace Build.Planning;

/// <summary>
/// Publish's plan: which images go to the registry under which names, and the checks that refuse a publish before
/// anything is pushed (a dirty working tree; a --release-build from a HEAD that is not exactly tagged).
/// </summary>
public static class PublishComposer
{
    /// <summary>The registry login step of a run with --registry-user (Publish and MergeManifests); none without one.</summary>
    public static IEnumerable<PlanStep> Login(string task, ReleaseOptions release) => release.RegistryUser is { } user
        ? [new PlanStep(task, $"log in to {release.Registry!.Host}", [], [], new DockerLoginSettings(release.Registry.Host, user, release.RegistryPasswordVariable))]
        : [];

    /// <summary>One image to push: the local source and its name in the registry.</summary>
    public sealed record Push(string Source, string Target);

    /// <summary>
    /// The images to push: --publish-image, else every tag the earlier steps build except the intermediate base images
    /// (dynamo-base:*); latest* tags only for a release (HEAD exactly tagged) or with --push-latest.
    /// </summary>
    public static (IReadOnlyList<Push> Pushes, IReadOnlyList<string> SkippedLatest) Images(ReleaseOptions release, VersionInfo version, IReadOnlyList<PlanStep> earlier)
    {
        IEnumerable<string> sources = release.PublishImages.Count > 0
            ? release.PublishImages.Select(i => i.ToString())
            : earlier.Where(s => s.Command is DockerBuildSettings && !s.Intermediate).SelectMany(s => s.Tags);
        var latest = version.IsExactTag || release.PushLatest;
        var pushes = new List<Push>();
        var skipped = new List<string>();
        foreach (var source in sources.Distinct(StringComparer.Ordinal))
        {
            var reference = ImageReference.TryParse(source, out var parsed, out _) ? parsed : throw new InvalidOperationException($"not an image reference: {source}");
            if (IsLatest(reference) && !latest)
            {
                skipped.Add(source);
                continue;
            }

            pushes.Add(new Push(source, Target(release.Registry!, reference)));
        }

        return (pushes, skipped);
    }

    /// <summary>Where --push-by-digest builds write their metadata (the pushed digest): the repository's .build/metadata.</summary>
    public static string MetadataDirectory(string repoRoot) => Path.Combine(repoRoot, ".build", "metadata");

    /// <summary>
    /// Publish --push-by-digest, and each platform of a Publish of several: each image the builds make (not the
    /// intermediate bases) built once more for their platform and exported to the registry, annotated with its labels;
    /// the report records the digest, the platform and the tags the manifest list gets (docs/decisions.md §6.2).
    /// </summary>
    /// <param name="builds">The steps whose images are pushed (the earlier tasks' steps for this platform).</param>
    /// <param name="staged">Push under the per-architecture tag &lt;tag&gt;-&lt;arch&gt; also on a BuildKit builder, so that a
    /// merge in the same run can name the image (a Publish of several platforms).</param>
    /// <param name="builderPushesByDigest">The builder can push by digest alone: not the docker driver (known from the
    /// builder's facts; assumed when they were not read).</param>
    public static IEnumerable<(string Title, DockerPushByDigestSettings Command)> DigestPushes(ReleaseOptions release, string platform, VersionInfo version, string repoRoot, IReadOnlyList<PlanStep> builds, bool staged, bool builderPushesByDigest = true)
    {
        var latest = version.IsExactTag || release.PushLatest;
        var platformSuffix = string.Join('-', platform.Split('/')[1..]);
        foreach (var step in builds.Where(s => !s.Intermediate && s.Tags.Count > 0))
        {
            if (step.Command is not DockerBuildSettings build)
            {
                continue;
            }

            var targets = RegistryNames(release, step.Tags, latest);
            if (targets.Count == 0)
            {
                continue;
            }

            var colon = targets[0].LastIndexOf(':');
            var (repository, tag) = (targets[0][..colon], targets[0][(colon + 1)..]);
            var staging = $"{tag}-{platformSuffix}";
            var byDigest = !build.OnEngineBuilder && !staged && builderPushesByDigest;
            var pushed = build with
            {
                Tags = [],
                Outputs = [DockerPushByDigestSettings.Output(repository, staging, byDigest)],
                Annotations = build.Labels.Select(l => $"manifest:{l.Key}={l.Value}").ToList(),
                MetadataFile = Path.Combine(MetadataDirectory(repoRoot), DockerBakeSettings.TargetName($"{repository}:{staging}") + ".json"),
            };
            yield return ($"push {repository} ({platform}) by digest", new DockerPushByDigestSettings(pushed, step.Tags[0], repository, targets)
            {
                Staging = byDigest ? null : $"{repository}:{staging}",
            });
        }
    }

    /// <summary>
    /// Publish on a builder that is not this engine (docs/decisions.md §6.6): each image the earlier steps build (not the
    /// intermediate bases) built once more on the builder with an exporter that pushes it under all its registry names
    /// (latest* by the same rule as <see cref="Images"/>), annotated with its labels, its digest in a metadata file.
    /// </summary>
    public static IEnumerable<(string Title, DockerBuildPushSettings Command)> BuilderPushes(ReleaseOptions release, VersionInfo version, string repoRoot, IReadOnlyList<PlanStep> earlier)
    {
        var latest = version.IsExactTag || release.PushLatest;
        foreach (var step in earlier.Where(s => !s.Intermediate && s.Tags.Count > 0))
        {
            if (step.Command is not DockerBuildSettings build)
            {
                continue;
            }

            var targets = RegistryNames(release, step.Tags, latest);
            if (targets.Count == 0)
            {
                continue;
            }

            var pushed = build with
            {
                Tags = [],
                Outputs = [DockerBuildPushSettings.Output(targets)],
                Annotations = build.Labels.Select(l => $"manifest:{l.Key}={l.Value}").ToList(),
                MetadataFile = Path.Combine(MetadataDirectory(repoRoot), DockerBakeSettings.TargetName(targets[0]) + ".json"),
            };
            yield return ($"push {string.Join(", ", targets)} from builder {build.Builder}", new DockerBuildPushSettings(pushed, step.Tags[0], targets));
        }
    }

    /// <summary>REGISTRY/PATH:TAG for a local image: its repository path (without a registry host of its own) under the registry's prefix.</summary>
    /// <summary>The registry names of an image's local tags, latest* only when <paramref name="latest"/> (one name each).</summary>
    private static List<string> RegistryNames(ReleaseOptions release, IEnumerable<string> tags, bool latest) => tags
        .Select(t => ImageReference.TryParse(t, out var parsed, out _) ? parsed : throw new InvalidOperationException($"not an image reference: {t}"))
        .Where(r => latest || !IsLatest(r))
        .Select(r => Target(release.Registry!, r))
        .Distinct(StringComparer.Ordinal)
        .ToList();

    public static string Target(RegistryTarget registry, ImageReference image) => $"{registry.Prefix}/{PathOf(image)}:{image.TagOrLatest}";

    /// <summary>A tag that moves with every build: latest, latest-vllm, latest-none-frontend, ...</summary>
    public static bool IsLatest(ImageReference image) =>
        image.TagOrLatest == "latest" || image.TagOrLatest.StartsWith("latest-", StringComparison.Ordinal);

    /// <summary>Refuses what must not be published, before any docker command (exit 2, nothing pushed).</summary>
    /// <param name="changes">The working tree's uncommitted changes; null outside a git checkout.</param>
    public static void Check(ReleaseOptions release, BuildOptions build, VersionInfo version, IReadOnlyList<string>? changes, string repoRoot)
    {
        if (!release.AllowDirty)
        {
            if (changes is null)
            {
                throw new UsageException($"Publish cannot check the working tree: '{repoRoot}' is not a git checkout, so the images match no commit; pass --allow-dirty to publish anyway.");
            }

            if (changes.Count > 0)
            {
                var sample = string.Join(", ", changes.Take(3)) + (changes.Count > 3 ? ", ..." : string.Empty);
                throw new UsageException($"Publish refuses a dirty working tree ({changes.Count} uncommitted change{(changes.Count == 1 ? "" : "s")}: {sample}): commit or stash them, or pass --allow-dirty.");
            }
        }

        if (build.ReleaseBuild && !version.IsExactTag && !release.AllowUntagged)
        {
            throw new UsageException($"Publish of a --release-build needs HEAD exactly tagged, but it is {version.ShortCommit ?? "unknown"} (version {version.Version}): tag the release commit, or pass --allow-untagged.");
        }
    }

    private static string PathOf(ImageReference image)
    {
        var parts = image.Repository.Split('/');
        var hasHost = parts.Length > 1 && (parts[0].Contains('.') || parts[0].Contains(':') || parts[0] == "localhost");
        return string.Join('/', hasHost ? parts[1..] : parts);
    }
}
