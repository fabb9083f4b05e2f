using Build.Options;

namespace Build.Context;

/// <summary>Where a value was set: a file and line (the defaults or an overlay), or a command-line option.</summary>
public sealed record ContextOrigin(string File, int Line, bool IsOverlay)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>One effective value of the context and where it came from.</summary>
public sealed record ContextValue(string Key, string Value, ContextOrigin Origin);

public sealed record FrameworkContext(
    string Dockerfile,
    string BaseImage,
    string BaseImageTag,
    string? RuntimeImage,
    string? RuntimeImageTag,
    IReadOnlyList<KeyValuePair<string, string>> BuildArgs);

public sealed record NixlContext(string Ref, string UcxRef, string UcxEfaRef);

/// <summary>The TensorRT-LLM defaults the wheel options fall back to.</summary>
public sealed record TrtllmContext(string PipWheel, string IndexUrl, string ExperimentalCommit, string WheelDir);

public sealed record FrontendContext(string PythonVersion, string RuntimeImage, string RuntimeImageTag);

public sealed record EppContext(string BuilderImage, string BaseImage);

/// <summary>
/// The effective context: container/context.yaml with the overlays merged over it, as typed records, plus every
/// value with its origin. Made by <see cref="ContextLoader"/>; pure data from here on.
/// </summary>
public sealed class ContainerContext
{
    private readonly IReadOnlyDictionary<string, ContextValue> values;

    public ContainerContext(IReadOnlyList<string> files, IReadOnlyDictionary<string, ContextValue> values)
    {
        Files = files;
        this.values = values;
        Frameworks = Framework.All.ToDictionary(f => f, f =>
        {
            string? Optional(string key) => Get(ContextSchema.FrameworkKey(f, key))?.Value;
            string Required(string key) => this[ContextSchema.FrameworkKey(f, key)];
            var argsPrefix = ContextSchema.FrameworkKey(f, ContextSchema.BuildArgsKey) + ".";
            return new FrameworkContext(
                Required("dockerfile"),
                Required("base_image"),
                Required("base_image_tag"),
                Optional("runtime_image"),
                Optional("runtime_image_tag"),
                values.Values.Where(v => v.Key.StartsWith(argsPrefix, StringComparison.Ordinal))
                    .Select(v => new KeyValuePair<string, string>(v.Key[argsPrefix.Length..], v.Value)).ToList());
        });
        Nixl = new(this["nixl.ref"], this["nixl.ucx_ref"], this["nixl.ucx_efa_ref"]);
        Trtllm = new(this["trtllm.pip_wheel"], this["trtllm.index_url"], this["trtllm.experimental_commit"], this["trtllm.wheel_dir"]);
        Frontend = new(this["frontend.python_version"], this["frontend.runtime_image"], this["frontend.runtime_image_tag"]);
        Epp = new(this["epp.builder_image"], this["epp.base_image"]);
    }

    /// <summary>The files read, defaults first, as given (relative to the repository root when inside it).</summary>
    public IReadOnlyList<string> Files { get; }

    public IReadOnlyDictionary<Framework, FrameworkContext> Frameworks { get; }

    public NixlContext Nixl { get; }

    public TrtllmContext Trtllm { get; }

    public FrontendContext Frontend { get; }

    public EppContext Epp { get; }

    /// <summary>docker build --network, or null for docker's default.</summary>
    public string? BuildNetwork => this["build.network"] is { Length: > 0 } network ? network : null;

    /// <summary>Every effective value, in the file's order.</summary>
    public IEnumerable<ContextValue> Values => values.Values;

    public string this[string key] => values[key].Value;

    public ContextValue? Get(string key) => values.GetValueOrDefault(key);

    /// <summary>True when an overlay set the key (the suite then passes it; otherwise the Dockerfile's default holds).</summary>
    public bool IsOverlaid(string key) => values.GetValueOrDefault(key)?.Origin.IsOverlay == true;

    public FrameworkContext Of(Framework framework) => Frameworks[framework];
}

/// <summary>The TensorRT-LLM options with the context's defaults for what was not given.</summary>
public static class TrtllmDefaults
{
    public static string EffectiveWheelDir(this TrtllmOptions options, TrtllmContext defaults) => options.WheelDir ?? defaults.WheelDir;

    /// <summary>The commit the wheel must match: the explicit one, or the default experimental commit (docs/decisions.md §2.10).</summary>
    public static string? EffectiveCommit(this TrtllmOptions options, TrtllmContext defaults) =>
        options.UseDefaultExperimentalCommit ? defaults.ExperimentalCommit : options.Commit;

    /// <summary>Install a pip wheel: the default when neither wheel nor commit is set (docs/decisions.md §1.5).</summary>
    public static string? EffectivePipWheel(this TrtllmOptions options, TrtllmContext defaults) =>
        options.PipWheel ?? (options.EffectiveCommit(defaults) is null ? defaults.PipWheel : null);

    public static string EffectiveIndexUrl(this TrtllmOptions options, TrtllmContext defaults) => options.IndexUrl ?? defaults.IndexUrl;
}
