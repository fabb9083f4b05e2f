namespace Build.Options;

/// <summary>An inference framework (engine) and what the original build.sh's tables say about it.</summary>
public sealed record Framework(
    string Name,
    string Dockerfile,
    string BaseImage,
    string BaseImageTag,
    bool ForcesKvbm)
{
    public static readonly Framework Vllm = new("VLLM", "Dockerfile.vllm", "nvcr.io/nvidia/cuda-dl-base", "25.01-cuda12.8-devel-ubuntu24.04", ForcesKvbm: true);
    public static readonly Framework Trtllm = new("TRTLLM", "Dockerfile.trtllm", "nvcr.io/nvidia/pytorch", "25.06-py3", ForcesKvbm: true);
    public static readonly Framework None = new("NONE", "Dockerfile", "nvcr.io/nvidia/cuda-dl-base", "25.01-cuda12.8-devel-ubuntu24.04", ForcesKvbm: false);
    public static readonly Framework Sglang = new("SGLANG", "Dockerfile.sglang", "nvcr.io/nvidia/cuda-dl-base", "25.01-cuda12.8-devel-ubuntu24.04", ForcesKvbm: false);

    /// <summary>In the order a matrix is built and listed.</summary>
    public static readonly IReadOnlyList<Framework> All = [None, Vllm, Sglang, Trtllm];

    public string Lower => Name.ToLowerInvariant();

    /// <summary>The framework image is built on a base image of its own, except <c>none</c>, whose image is the base.</summary>
    public bool HasBaseBuild => this != None;

    /// <summary>Case-insensitive, as the original (which upper-cases the value).</summary>
    public static Framework? Find(string name) =>
        All.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => Lower;
}
