using Cake.Core;

namespace Build.Frosting;

/// <summary>Marker for task classes the host discovers.</summary>
public interface IFrostingTask
{
}

/// <summary>A task with a typed context, in the shape of Cake.Frosting's FrostingTask&lt;T&gt;.</summary>
public abstract class FrostingTask<TContext> : IFrostingTask
    where TContext : ICakeContext
{
    public virtual bool ShouldRun(TContext context) => true;

    public virtual void Run(TContext context)
    {
    }

    public virtual Task RunAsync(TContext context)
    {
        Run(context);
        return Task.CompletedTask;
    }
}
