using Build.Options;

namespace Build.Context;

/// <summary>
/// An ARG of a Dockerfile whose default is a context key. <paramref name="PassedBySuite"/>: the suite passes it on
/// every build (its composer places it); the others keep the Dockerfile's default unless an overlay sets the key,
/// and are then passed after the suite's build args, before the user's.
/// </summary>
public sealed record ArgBinding(string Arg, string Key, bool PassedBySuite);

/// <summary>
/// Which ARG of which Dockerfile each context key feeds. Structure, not values: the values are in
/// container/context.yaml, and tests/Build.Tests/Context/DockerfileDefaultsTests.cs checks this table against the
/// Dockerfiles (each bound ARG is declared there, with the context's value as its default).
/// </summary>
public static class DockerfileArgs
{
    public const string EppDockerfile = "Dockerfile.epp";
    public const string FrontendDockerfile = "Dockerfile.frontend";

    /// <summary>The ARGs of the Dockerfile that <paramref name="owner"/> builds with (its frameworks.&lt;fw&gt;.dockerfile).</summary>
    public static IReadOnlyList<ArgBinding> OfFramework(Framework owner, ContainerContext context)
    {
        string Fw(string key) => ContextSchema.FrameworkKey(owner, key);

        // container/Dockerfile (none's) holds Build 1 and every download of the suite.
        var isBase = owner == Framework.None;
        var list = new List<ArgBinding>
        {
            new("BASE_IMAGE", Fw("base_image"), true),
            new("BASE_IMAGE_TAG", Fw("base_image_tag"), true),
            new("NIXL_REF", "nixl.ref", true),
            new("NIXL_UCX_REF", "nixl.ucx_ref", true),
        };
        if (owner == Framework.Trtllm)
        {
            list.Add(new("TENSORRTLLM_PIP_WHEEL", "trtllm.pip_wheel", true));
            list.Add(new("TENSORRTLLM_INDEX_URL", "trtllm.index_url", true));
        }

        // The order of the README's offline recipe, so the overlay gives the same argv as its --build-args.
        if (context.Of(owner).RuntimeImage is not null)
        {
            list.Add(new("RUNTIME_IMAGE", Fw("runtime_image"), false));
            list.Add(new("RUNTIME_IMAGE_TAG", Fw("runtime_image_tag"), false));
        }

        if (isBase)
        {
            list.Add(new("NATS_ETCD_SOURCE", "sources.nats_etcd", false));
        }

        list.Add(new("RUST_SOURCE", "sources.rust", false));
        list.Add(new("PIP_INDEX_URL", "sources.pip_index_url", false));
        list.Add(new("PIP_EXTRA_INDEX_URL", "sources.pip_extra_index_url", false));
        list.Add(new("PIP_TRUSTED_HOST", "sources.pip_trusted_host", false));
        list.Add(new("DYNAMO_PACKAGE_VERSION", "dynamo.package_version", false));
        if (isBase)
        {
            list.AddRange(
            [
                new("NATS_VERSION", "nats.version", false),
                new("NATS_URL", "nats.url", false),
                new("ETCD_VERSION", "etcd.version", false),
                new("ETCD_URL", "etcd.url", false),
                new("RUST_VERSION", "rust.version", false),
                new("RUSTUP_VERSION", "rust.rustup_version", false),
                new("RUSTUP_INIT_URL", "rust.rustup_init_url", false),
                new("SCCACHE_SOURCE", "sources.sccache", false),
                new("SCCACHE_VERSION", "sccache.version", false),
                new("SCCACHE_URL", "sccache.url", false),
            ]);
        }

        return list;
    }

    /// <summary>Dockerfile.epp: both images are passed only when set (by option or overlay).</summary>
    public static readonly IReadOnlyList<ArgBinding> Epp =
    [
        new("BUILDER_IMAGE", "epp.builder_image", false),
        new("BASE_IMAGE", "epp.base_image", false),
    ];

    public static readonly IReadOnlyList<ArgBinding> Frontend =
    [
        new("PYTHON_VERSION", "frontend.python_version", true),
        new("RUNTIME_IMAGE", "frontend.runtime_image", false),
        new("RUNTIME_IMAGE_TAG", "frontend.runtime_image_tag", false),
    ];

    /// <summary>Every Dockerfile with bound ARGs, by file name.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<ArgBinding>> All(ContainerContext context)
    {
        var all = new Dictionary<string, IReadOnlyList<ArgBinding>>(StringComparer.Ordinal);
        foreach (var framework in Framework.All)
        {
            all[context.Of(framework).Dockerfile] = OfFramework(framework, context);
        }

        all[EppDockerfile] = Epp;
        all[FrontendDockerfile] = Frontend;
        return all;
    }

    /// <summary>
    /// The build args an overlay adds to a build: the bound ARGs it set that the suite does not pass anyway, in
    /// the table's order, with ${ARG} references expanded (docker expands them only in the Dockerfile's own defaults).
    /// </summary>
    public static List<KeyValuePair<string, string>> Overlaid(IReadOnlyList<ArgBinding> bindings, ContainerContext context, string arch, string archAlt)
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal) { ["ARCH"] = arch, ["ARCH_ALT"] = archAlt };
        foreach (var binding in bindings)
        {
            known.TryAdd(binding.Arg, context[binding.Key]);
        }

        return bindings
            .Where(b => !b.PassedBySuite && context.IsOverlaid(b.Key))
            .Select(b => new KeyValuePair<string, string>(b.Arg, Expand(context[b.Key], known)))
            .ToList();
    }

    private static string Expand(string value, IReadOnlyDictionary<string, string> known) =>
        ContextSchema.ArgReference().Replace(value, m => known.TryGetValue(m.Value[2..^1], out var v) ? v : m.Value);
}
