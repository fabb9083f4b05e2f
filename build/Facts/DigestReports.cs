using Build.Options;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Build.Facts;

/// <summary>One image a Publish --push-by-digest run pushed, as its --report-json recorded it.</summary>
public sealed record DigestPush(string Platform, string Repository, string Digest, IReadOnlyList<string> ManifestTags);

/// <summary>One --digests-from file: the version it was built from and its pushes by digest (one platform).</summary>
public sealed record DigestReport(string File, string Version, IReadOnlyList<DigestPush> Pushes);

/// <summary>Reads the --digests-from files for MergeManifests; a file that is not such a report is bad input.</summary>
public static partial class DigestReports
{
    public static IReadOnlyList<DigestReport> Read(IReadOnlyList<string> files, string workingDirectory) =>
        files.Select(f => ReadOne(f, Path.GetFullPath(f, workingDirectory))).ToList();

    private static DigestReport ReadOne(string given, string path)
    {
        JObject json;
        try
        {
            json = JObject.Parse(InputFile.ReadText(path, $"--digests-from '{given}'", "the --report-json file of a Publish --push-by-digest run", 64 * InputFile.MaxBytes));
        }
        catch (JsonException e)
        {
            throw new UsageException($"--digests-from '{given}' cannot be read as a --report-json file: {e.Message.Split('\n')[0]}");
        }

        var pushes = new List<DigestPush>();
        foreach (var pushed in json["pushed"] as JArray ?? [])
        {
            if (pushed["platform"] is null)
            {
                continue;
            }

            var digest = (string?)pushed["digest"] ?? string.Empty;
            var repository = (string?)pushed["repository"] ?? string.Empty;
            var tags = (pushed["manifestTags"] as JArray)?.Select(t => (string?)t ?? string.Empty).ToList() ?? [];
            if (!DigestPattern().IsMatch(digest) || repository.Length == 0 || tags.Count == 0)
            {
                throw new UsageException($"--digests-from '{given}': a push by digest lacks its sha256 digest, repository or manifest tags; give the report of a Publish --push-by-digest run unchanged.");
            }

            pushes.Add(new DigestPush((string)pushed["platform"]!, repository, digest, tags));
        }

        if (pushes.Count == 0)
        {
            throw new UsageException($"--digests-from '{given}' records no push by digest: give the --report-json of a Publish --push-by-digest run.");
        }

        return new DigestReport(given, (string?)json["version"] ?? string.Empty, pushes);
    }

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex DigestPattern();
}
