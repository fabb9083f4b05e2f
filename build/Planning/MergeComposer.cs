using Build.Docker;
using Build.Facts;
using Build.Options;

namespace Build.Planning;

/// <summary>
/// MergeManifests' plan: per image, one manifest list in the registry made from the per-architecture images that
/// earlier Publish --push-by-digest runs pushed (their --report-json files), annotated with the image labels
/// (docs/decisions.md §6.2). Files that do not belong together are refused before anything is pushed.
/// </summary>
public static class MergeComposer
{
    /// <summary>Refuses reports that do not belong together: another version, several or the same platforms, another registry, other images.</summary>
    /// <exception cref="UsageException">The first report that does not fit, named.</exception>
    public static void Check(ReleaseOptions release, IReadOnlyList<DigestReport> reports, string version)
    {
        var prefix = release.Registry!.Prefix + "/";
        var platforms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var report in reports)
        {
            if (report.Version != version)
            {
                throw new UsageException($"--digests-from '{report.File}' was built from version {report.Version}, but this checkout is {version}: merge the images of one commit (check out the commit the per-architecture runs built).");
            }

            if (report.Pushes.Select(p => p.Platform).Distinct(StringComparer.Ordinal).Skip(1).Any())
            {
                throw new UsageException($"--digests-from '{report.File}' holds several platforms: give one report per per-architecture run.");
            }

            var platform = report.Pushes[0].Platform;
            if (platforms.TryGetValue(platform, out var other))
            {
                throw new UsageException($"--digests-from '{report.File}' and '{other}' are both {platform}: a manifest list holds each platform once.");
            }

            platforms[platform] = report.File;
            if (report.Pushes.FirstOrDefault(p => !p.Repository.StartsWith(prefix, StringComparison.Ordinal)) is { } elsewhere)
            {
                throw new UsageException($"--digests-from '{report.File}' pushed {elsewhere.Repository}, which is not under --registry {release.Registry.Prefix}: merge in the registry the images were pushed to.");
            }
        }

        // Every report must name the same images (by the tags their list gets); the first report is the yardstick.
        var images = reports[0].Pushes.Select(Key).ToList();
        foreach (var report in reports.Skip(1))
        {
            var these = report.Pushes.Select(Key).ToList();
            if (!these.Order(StringComparer.Ordinal).SequenceEqual(images.Order(StringComparer.Ordinal)))
            {
                var missing = images.Except(these).Concat(these.Except(images)).First();
                throw new UsageException($"--digests-from '{report.File}' and '{reports[0].File}' pushed different images ({missing.Split(' ')[0]} is in only one): every per-architecture run must build the same targets.");
            }
        }
    }

    /// <summary>One manifest list per image of the reports, which <see cref="Check"/> accepted.</summary>
    public static IReadOnlyList<DockerImagetoolsCreateSettings> Lists(IReadOnlyList<DigestReport> reports, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        var images = reports[0].Pushes.Select(Key).ToList();
        return images.Select(key => List(
            key.Split(' '),
            reports.Select(r => r.Pushes.Single(p => Key(p) == key)).Select(p => $"{p.Repository}@{p.Digest}").ToList(),
            labels)).ToList();
    }

    /// <summary>An image of a report, by the tags its list gets.</summary>
    private static string Key(DigestPush push) => string.Join(' ', push.ManifestTags);

    /// <summary>
    /// One manifest list under the tags from the per-architecture images (digests or their per-architecture tags),
    /// annotated with the image labels: MergeManifests' and a Publish of several platforms' merge step.
    /// </summary>
    public static DockerImagetoolsCreateSettings List(IReadOnlyList<string> tags, IReadOnlyList<string> sources, IReadOnlyList<KeyValuePair<string, string>> labels) =>
        new(tags, sources) { Annotations = labels.Select(l => $"index:{l.Key}={l.Value}").ToList() };
}
