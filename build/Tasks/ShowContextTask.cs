using Build.Context;
using Build.Frosting;
using Build.Options;

namespace Build.Tasks;

[TaskDescription("Prints the effective images, versions and sources (container/context.yaml, --context overlays, options) for the chosen frameworks, each with where it was set. Builds nothing.")]
[AcceptsOptions(OptionScope.ShowContext)]
public sealed class ShowContextTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var values = context.Facts.Context;
        foreach (var line in ContextReport.Lines(values, ContextReport.Rows(values, context.Options, context.Release)))
        {
            context.Output.WriteLine(line);
        }
    }
}
