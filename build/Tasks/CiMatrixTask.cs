using Build.Execution;
using Build.Frosting;
using Build.Options;
using Build.Planning;

namespace Build.Tasks;

[TaskDescription("Prints the --framework x --matrix-stages combinations as GitHub Actions matrix JSON (one CI job each); under Actions also writes matrix=<json> to $GITHUB_OUTPUT. Builds nothing.")]
[AcceptsOptions(OptionScope.CiMatrix)]
public sealed class CiMatrixTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var json = CiMatrix.Json(CiMatrix.Entries(context.Options, context.Release, context.Facts, context.Sources.StagesOf));
        context.Output.WriteLine(json);
        if (GitHubActions.Enabled)
        {
            GitHubActions.SetOutput("matrix", json);
        }
    }
}
