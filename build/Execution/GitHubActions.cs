using System.Text;

namespace Build.Execution;

/// <summary>
/// GitHub Actions' workflow files, used only when the run is under Actions (GITHUB_ACTIONS=true): step outputs
/// ($GITHUB_OUTPUT), the job summary ($GITHUB_STEP_SUMMARY) and log groups (::group::/::endgroup::).
/// </summary>
public static class GitHubActions
{
    public static bool Enabled => Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true";

    /// <summary>Appends NAME=VALUE (one line) to $GITHUB_OUTPUT, when it is set.</summary>
    public static void SetOutput(string name, string value)
    {
        if (value.Contains('\n'))
        {
            throw new ArgumentException("a step output set this way is one line", nameof(value));
        }

        Append("GITHUB_OUTPUT", $"{name}={value}\n");
    }

    /// <summary>Appends Markdown to the job summary ($GITHUB_STEP_SUMMARY), when it is set.</summary>
    public static void AppendSummary(string markdown) => Append("GITHUB_STEP_SUMMARY", markdown);

    /// <summary>The job summary of a run: what it built (tags, image ids) and pushed (references, digests).</summary>
    public static string Summary(BuildReport report, string version)
    {
        var text = new StringBuilder();
        if (report.Images.Count > 0)
        {
            // The report's figures (this run's BuildKit events, BuildKitProgress), as the table and --report-json give them.
            text.Append($"### Images built ({version})\n\n| result | tags | image id | duration | steps | first cache miss |\n|---|---|---|---|---|---|\n");
            foreach (var image in report.Images)
            {
                var result = image.Cancelled ? "CANCELLED" : image.FailedExitCode is null ? "built" : $"FAILED ({image.FailedExitCode})";
                var miss = image.Steps?.FirstMiss is { } step ? $"`{step.Name.Replace("|", "\\|", StringComparison.Ordinal)}`" : "-";
                text.Append($"| {result} | {string.Join("<br>", image.Tags.Select(t => $"`{t}`"))} | `{image.ImageId ?? "-"}` | {BuildReport.Seconds(image.Duration)} s | {image.Steps?.Counts ?? "-"} | {miss} |\n");
            }

            text.Append('\n');
        }

        if (report.Pushed.Count > 0)
        {
            text.Append("### Images pushed\n\n| reference | digest |\n|---|---|\n");
            foreach (var pushed in report.Pushed)
            {
                text.Append($"| `{pushed.Reference}` | `{pushed.Digest}` |\n");
            }

            text.Append('\n');
        }

        if (report.Merged.Count > 0)
        {
            text.Append("### Manifest lists\n\n| tags | digest | platform images |\n|---|---|---|\n");
            foreach (var list in report.Merged)
            {
                text.Append($"| {string.Join("<br>", list.Tags.Select(t => $"`{t}`"))} | `{list.Digest}` | {list.Sources.Count} |\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static void Append(string variable, string text)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrEmpty(path) && text.Length > 0)
        {
            File.AppendAllText(path, text);
        }
    }
}
