using Cake.Core;

namespace Build.Frosting;

/// <summary>Setup and teardown around the whole run (Cake.Frosting's FrostingLifetime&lt;T&gt;).</summary>
public abstract class FrostingLifetime<TContext>
    where TContext : ICakeContext
{
    public virtual void Setup(TContext context, ISetupContext info)
    {
    }

    public virtual void Teardown(TContext context, ITeardownContext info)
    {
    }
}
