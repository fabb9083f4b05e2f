using Build.Context;
using Build.Frosting;

namespace Build.Tasks;

[TaskDescription("Prints the effective images, versions and sources (container/context.yaml, --context overlays, options) for the chosen frameworks, each with where it was set. Builds nothing.")]
public sealed class ShowContextTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var values = context.Facts.Context;
        foreach (var line in ContextReport.Lines(values, ContextReport.Rows(values, context.Options, context.Release)))
        {
            Console.Out.WriteLine(line);
        }
    }
}
