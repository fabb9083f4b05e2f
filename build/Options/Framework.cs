namespace Build.Options;

/// <summary>
/// An inference framework (engine) and how build.sh treats it (docs/decisions.md §1.3). Its Dockerfile, base and runtime images
/// are data: container/context.yaml (read into the facts as Build.Context.ContainerContext.Frameworks).
/// </summary>
public sealed record Framework(string Name, bool ForcesKvbm)
{
    public static readonly Framework Vllm = new("VLLM", ForcesKvbm: true);
    public static readonly Framework Trtllm = new("TRTLLM", ForcesKvbm: true);
    public static readonly Framework None = new("NONE", ForcesKvbm: false);
    public static readonly Framework Sglang = new("SGLANG", ForcesKvbm: false);

    /// <summary>In the order a matrix is built and listed.</summary>
    public static readonly IReadOnlyList<Framework> All = [None, Vllm, Sglang, Trtllm];

    public string Lower => Name.ToLowerInvariant();

    /// <summary>The framework image is built on a base image of its own, except <c>none</c>, whose image is the base.</summary>
    public bool HasBaseBuild => this != None;

    /// <summary>Case-insensitive (docs/decisions.md §1.1: framework names in any case).</summary>
    public static Framework? Find(string name) =>
        All.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Lower;
}
