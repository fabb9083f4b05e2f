using System.Text.RegularExpressions;
using Build.Tests.Support;

namespace Build.Tests.Release;

/// <summary>
/// .github/workflows/images.yml, checked without a YAML library: its shape (a line-based parse of the block
/// structure), that it calls only tasks that exist, fans out over CiMatrix's output and publishes only on a tag.
/// </summary>
public sealed partial class WorkflowTests
{
    private static readonly string Path = System.IO.Path.Combine(RepoPaths.Root, ".github", "workflows", "images.yml");
    private static readonly string[] Lines = File.ReadAllLines(Path);

    [Fact]
    public void It_parses_as_block_yaml_with_the_expected_jobs()
    {
        Assert.DoesNotContain(Lines, l => l.Contains('\t'));
        var structural = Lines.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')).ToList();
        Assert.All(structural, l => Assert.True(Indent(l) % 2 == 0, $"odd indentation: {l}"));
        Assert.Equal(["name", "on", "permissions", "env", "jobs"], structural.Where(l => Indent(l) == 0).Select(Key));

        // Every line inside a block scalar (run: |) is indented deeper than its key; every other line is a key or a list item.
        var blockIndent = -1;
        foreach (var line in structural)
        {
            if (blockIndent >= 0 && Indent(line) > blockIndent)
            {
                continue;
            }

            blockIndent = -1;
            var content = line.TrimStart();
            Assert.True(KeyLine().IsMatch(content) || content.StartsWith("- ", StringComparison.Ordinal), $"not a key or a list item: {line}");
            if (content.TrimEnd().EndsWith('|') || content.TrimEnd().EndsWith('\\'))
            {
                blockIndent = Indent(line);
            }
        }

        var jobs = JobNames();
        Assert.Equal(["matrix", "base", "image", "merge", "frontend"], jobs);
    }

    [Fact]
    public void Every_target_it_runs_is_a_task_of_the_host()
    {
        var tasks = BuildHost.Create().TaskNames;
        var targets = TargetPattern().Matches(File.ReadAllText(Path)).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(["CiMatrix", "BuildBaseImage", "BuildImage", "Publish", "MergeManifests", "BuildFrontend"], targets);
        Assert.All(targets, t => Assert.Contains(t, tasks));
        Assert.All(Lines.Where(l => l.Contains("--target", StringComparison.Ordinal) && l.Contains("build.sh", StringComparison.Ordinal)),
            l => Assert.Contains("./build.sh", l, StringComparison.Ordinal));
    }

    [Fact]
    public void The_image_jobs_fan_out_over_CiMatrix_and_publish_only_for_a_version_tag()
    {
        var text = File.ReadAllText(Path);
        Assert.Contains("matrix: ${{ steps.plan.outputs.matrix }}", text, StringComparison.Ordinal);
        Assert.Contains("entry: ${{ fromJSON(needs.matrix.outputs.matrix).include }}", text, StringComparison.Ordinal);
        Assert.Contains("if [[ \"$GITHUB_REF\" == refs/tags/v* ]]; then", text, StringComparison.Ordinal);
        Assert.Contains("if: startsWith(github.ref, 'refs/tags/v')", text, StringComparison.Ordinal);

        // The registry password reaches docker login through the environment only.
        Assert.Contains("DOCKER_REGISTRY_PASSWORD: ${{ secrets.REGISTRY_PASSWORD }}", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Lines, l => l.Contains("secrets.", StringComparison.Ordinal) && l.Contains("build.sh", StringComparison.Ordinal));
        Assert.DoesNotContain("--password ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("--password=", text, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> JobNames()
    {
        var start = Array.FindIndex(Lines, l => l == "jobs:");
        return Lines.Skip(start + 1).Where(l => Indent(l) == 2 && KeyLine().IsMatch(l.Trim())).Select(Key).ToList();
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string Key(string line) => line.Trim().Split(':')[0].Trim('"');

    [GeneratedRegex(@"^[A-Za-z0-9_""-]+:( |$)")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"--target\s+([A-Za-z]+)")]
    private static partial Regex TargetPattern();
}
