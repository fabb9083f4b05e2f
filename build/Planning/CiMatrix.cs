using Build.Facts;
using Build.Options;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Build.Planning;

/// <summary>One CI job of the fan-out: a framework at a stage, built by BuildImage, and the tags that job produces.</summary>
public sealed record MatrixEntry(string Framework, string Stage, string Target, IReadOnlyList<string> Tags);

/// <summary>
/// The framework x stage combinations of the plan for a CI fan-out (one job per combination), in GitHub Actions'
/// matrix form {"include":[...]}. A stage the framework's Dockerfile does not have is left out.
/// </summary>
public static class CiMatrix
{
    public static IReadOnlyList<MatrixEntry> Entries(BuildOptions build, ReleaseOptions release, PlanningFacts facts, Func<string, IReadOnlyList<string>> stagesOf)
    {
        var entries = new List<MatrixEntry>();
        foreach (var framework in build.Frameworks)
        {
            var available = stagesOf(Path.Combine(facts.ContainerDir, facts.Context.Of(framework).Dockerfile));
            foreach (var stage in release.MatrixStages.Where(s => available.Count == 0 || available.Contains(s)))
            {
                // The tags of the job's build: `--target BuildImage --framework F --stage S`, and for the dev stage
                // BuildImage's default without --stage (dynamo:latest-F, the image run.sh and the Dev Container use;
                // docs/decisions.md §1.4: only an explicit stage suffixes the tags).
                var named = stage == ImageNames.DefaultStage ? null : stage;
                entries.Add(new MatrixEntry(framework.Lower, stage, "BuildImage",
                    [ImageNames.VersionedImage(build.ImageNamespace, facts.Version.Version, framework, named), ImageNames.LatestImage(build.ImageNamespace, framework, named)]));
            }
        }

        return entries;
    }

    /// <summary>{"include":[{"framework":..,"stage":..,"target":..,"tags":[..]}, ...]} on one line.</summary>
    public static string Json(IReadOnlyList<MatrixEntry> entries) => new JObject
    {
        ["include"] = new JArray(entries.Select(e => new JObject
        {
            ["framework"] = e.Framework,
            ["stage"] = e.Stage,
            ["target"] = e.Target,
            ["tags"] = new JArray(e.Tags),
        })),
    }.ToString(Formatting.None);
}
