namespace Build.Docker;

/// <summary>
/// Where the shared build cache lives (--cache-registry): a registry namespace (HOST[:PORT]/NAMESPACE, BuildKit's
/// registry cache) or GitHub Actions' cache service (gha). Each image has its own cache reference, named from the image
/// (framework and kind) and the branch; a branch's build reads its own cache, then main's, and writes its own
/// (docs/decisions.md §6.1).
/// </summary>
public sealed record CacheRegistry(string? Namespace)
{
    public const string Gha = "gha";

    /// <summary>The repository holding every cache reference under the namespace.</summary>
    public const string Repository = "dynamo-cache";

    /// <summary>The branch whose cache every other branch falls back to.</summary>
    public const string MainBranch = "main";

    public bool IsGha => Namespace is null;

    public override string ToString() => Namespace ?? Gha;

    /// <summary>gha, or HOST[:PORT]/NAMESPACE with a registry host docker recognises; null with the reason otherwise.</summary>
    public static CacheRegistry? TryParse(string value, out string why)
    {
        why = string.Empty;
        if (value == Gha)
        {
            return new CacheRegistry((string?)null);
        }

        var registry = RegistryReference.Split(value);
        if (registry.Problem == RegistryProblem.Host)
        {
            why = "the registry host must be one docker recognises (a name with a '.', a ':PORT', or localhost)";
            return null;
        }

        if (registry.Namespace is null || registry.Problem == RegistryProblem.Namespace)
        {
            why = "the NAMESPACE after the host must be lowercase path components (a-z, 0-9, '.', '_', '-'), e.g. team/ci";
            return null;
        }

        return new CacheRegistry(value);
    }

    /// <summary>A branch name as a tag's part: characters outside [A-Za-z0-9_.-] become '-', at most 64 characters.</summary>
    public static string TagPart(string branch)
    {
        var text = new string(branch.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-').ToArray()).Trim('-', '.');
        text = text.Length > 64 ? text[..64].TrimEnd('-', '.') : text;
        return text.Length == 0 ? MainBranch : text;
    }

    /// <summary>The cache of one image on one branch: a registry reference, or a gha scope.</summary>
    /// <param name="image">The image's cache name: framework and kind, e.g. vllm-base, vllm-runtime, none-frontend, epp.</param>
    public string Reference(string image, string branch) => IsGha
        ? $"{Repository}-{image}-{TagPart(branch)}"
        : $"{Namespace}/{Repository}:{image}-{TagPart(branch)}";

    /// <summary>--cache-from: the branch's cache, then main's (a new branch starts from main's).</summary>
    public IReadOnlyList<string> From(string image, string branch)
    {
        var refs = new List<string> { Reference(image, branch) };
        if (TagPart(branch) != MainBranch)
        {
            refs.Add(Reference(image, MainBranch));
        }

        return refs.Select(r => IsGha ? $"type=gha,scope={r}" : $"type=registry,ref={r}").ToList();
    }

    /// <summary>
    /// --cache-to: every stage's layers (mode=max) to the branch's own cache. The cache only saves time: unless
    /// <paramref name="strict"/>, an export that fails (registry down, read-only) is BuildKit's warning, and the
    /// image is built and tagged (ignore-error=true).
    /// </summary>
    public string To(string image, string branch, bool strict = false) => (IsGha
        ? $"type=gha,scope={Reference(image, branch)},mode=max"
        : $"type=registry,ref={Reference(image, branch)},mode=max") + (strict ? string.Empty : ",ignore-error=true");
}
