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

    /// <summary>Before each task (Cake.Frosting's FrostingTaskLifetime&lt;T&gt;.Setup).</summary>
    public virtual void TaskSetup(TContext context, ITaskSetupContext info)
    {
    }

    /// <summary>After each task, also when it failed (Cake.Frosting's FrostingTaskLifetime&lt;T&gt;.Teardown).</summary>
    public virtual void TaskTeardown(TContext context, ITaskTeardownContext info)
    {
    }
}
