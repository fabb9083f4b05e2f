using Cake.Core;

namespace Build.Frosting;

/// <summary>Base class of typed build contexts (Cake.Frosting's FrostingContext).</summary>
public abstract class FrostingContext(ICakeContext context) : CakeContextAdapter(context)
{
}
