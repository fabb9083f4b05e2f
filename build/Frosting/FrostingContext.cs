using Cake.Core;

namespace Build.Frosting;

/// <summary>Base class of typed build contexts (Cake.Frosting's FrostingContext).</summary>
public abstract class FrostingContext(ICakeContext context) : CakeContextAdapter(context)
{
    /// <summary>
    /// Where the run's own lines go (a task's printout, CI's log groups, docker push's folded summary): standard output,
    /// or standard error when the host hands its standard output to a child (<see cref="CakeHost{TContext}.WriteHostOutputToStandardErrorWhen"/>).
    /// </summary>
    public TextWriter Output { get; internal set; } = Console.Out;
}
