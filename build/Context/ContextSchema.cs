using System.Text.RegularExpressions;
using Build.Docker;
using Build.Options;

namespace Build.Context;

/// <summary>What a value of the context file may hold.</summary>
public enum ValueKind
{
    /// <summary>An image repository without tag or digest (BASE_IMAGE, RUNTIME_IMAGE).</summary>
    Repository,

    /// <summary>A full image reference with an optional tag (BUILDER_IMAGE).</summary>
    Image,

    Tag,
    Version,

    /// <summary>A version or a 40-digit commit (a git ref).</summary>
    GitRef,
    Commit,
    PythonVersion,
    PipRequirement,
    Url,

    /// <summary>A URL or "".</summary>
    OptionalUrl,

    /// <summary>Host names separated by spaces, or "".</summary>
    Hosts,
    DockerfileName,
    AbsolutePath,

    /// <summary>A docker network mode, or "" for docker's default.</summary>
    Network,
    NatsEtcdSource,
    RustSource,
    SccacheSource,
}

/// <summary>One key of the context file: its dotted path (frameworks.&lt;fw&gt;.* per framework) and kind.</summary>
public sealed record ContextKey(string Path, ValueKind Kind, bool Required = true);

/// <summary>The schema of container/context.yaml and its overlays, and the check of one value. Pure.</summary>
public static partial class ContextSchema
{
    public const string FrameworksSection = "frameworks";
    public const string BuildArgsKey = "build_args";

    /// <summary>The keys under frameworks.&lt;fw&gt;; build_args is a mapping of NAME: value.</summary>
    public static readonly IReadOnlyList<ContextKey> FrameworkKeys =
    [
        new("dockerfile", ValueKind.DockerfileName),
        new("base_image", ValueKind.Repository),
        new("base_image_tag", ValueKind.Tag),

        // sglang's runtime stage is its framework stage: no runtime image of its own.
        new("runtime_image", ValueKind.Repository, Required: false),
        new("runtime_image_tag", ValueKind.Tag, Required: false),
    ];

    public static readonly IReadOnlyList<ContextKey> SharedKeys =
    [
        new("nixl.ref", ValueKind.GitRef),
        new("nixl.ucx_ref", ValueKind.GitRef),
        new("nixl.ucx_efa_ref", ValueKind.GitRef),
        new("dynamo.package_version", ValueKind.Version),
        new("trtllm.pip_wheel", ValueKind.PipRequirement),
        new("trtllm.index_url", ValueKind.Url),
        new("trtllm.experimental_commit", ValueKind.Commit),
        new("trtllm.wheel_dir", ValueKind.AbsolutePath),
        new("nats.version", ValueKind.Version),
        new("nats.url", ValueKind.Url),
        new("etcd.version", ValueKind.Version),
        new("etcd.url", ValueKind.Url),
        new("rust.version", ValueKind.Version),
        new("rust.rustup_version", ValueKind.Version),
        new("rust.rustup_init_url", ValueKind.Url),
        new("sccache.version", ValueKind.Version),
        new("sccache.url", ValueKind.Url),
        new("sources.nats_etcd", ValueKind.NatsEtcdSource),
        new("sources.rust", ValueKind.RustSource),
        new("sources.sccache", ValueKind.SccacheSource),
        new("sources.pip_index_url", ValueKind.Url),
        new("sources.pip_extra_index_url", ValueKind.OptionalUrl),
        new("sources.pip_trusted_host", ValueKind.Hosts),
        new("frontend.python_version", ValueKind.PythonVersion),
        new("frontend.runtime_image", ValueKind.Repository),
        new("frontend.runtime_image_tag", ValueKind.Tag),
        new("epp.builder_image", ValueKind.Image),
        new("epp.base_image", ValueKind.Image),
        new("build.network", ValueKind.Network),
    ];

    /// <summary>Every leaf key, frameworks expanded, in the file's order.</summary>
    public static IEnumerable<ContextKey> AllKeys =>
        Framework.All.SelectMany(f => FrameworkKeys.Select(k => k with { Path = FrameworkKey(f, k.Path) })).Concat(SharedKeys);

    public static string FrameworkKey(Framework framework, string key) => $"{FrameworksSection}.{framework.Lower}.{key}";

    public static ContextKey? Find(string path) => AllKeys.FirstOrDefault(k => k.Path == path);

    /// <summary>True when the path names a section (a mapping) of the schema.</summary>
    public static bool IsSection(string path) =>
        path == FrameworksSection
        || Framework.All.Any(f => path == $"{FrameworksSection}.{f.Lower}")
        || SharedKeys.Any(k => k.Path.StartsWith(path + ".", StringComparison.Ordinal));

    public static bool IsBuildArgs(string path) => Framework.All.Any(f => path == FrameworkKey(f, BuildArgsKey));

    public static bool IsBuildArgName(string name) => NameGrammar.VariablePattern().IsMatch(name);

    /// <summary>Null when the value fits the kind, else why not (to follow "'value' is not ...").</summary>
    public static string? Problem(ValueKind kind, string value) => kind switch
    {
        ValueKind.Repository => ImageReference.TryParse(value, out var r, out var why)
            ? r.Tag is null && r.Digest is null ? null : "an image repository without tag or digest (the tag is its own key)"
            : $"an image repository: {why}",
        ValueKind.Image => ImageReference.TryParse(value, out var i, out var whyNot)
            ? i.Digest is null ? null : "an image reference without a digest"
            : $"an image reference: {whyNot}",
        ValueKind.Tag => ImageReference.TagPattern().IsMatch(value) ? null : "an image tag (letters, digits, '_', '.', '-'; at most 128)",
        ValueKind.Version => VersionPattern().IsMatch(value) ? null : "a version (e.g. 1.6.1 or v2.10.28)",
        ValueKind.GitRef => VersionPattern().IsMatch(value) || IsCommit(value) ? null : "a version (e.g. 0.5.1 or v1.19.0) or a 40-digit commit",
        ValueKind.Commit => IsCommit(value) ? null : "a 40-digit hexadecimal commit",
        ValueKind.PythonVersion => NameGrammar.PythonVersionPattern().IsMatch(value) ? null : "a Python version X.Y (e.g. 3.12)",
        ValueKind.PipRequirement => PipRequirementPattern().IsMatch(value) ? null : "a pip requirement (e.g. tensorrt-llm==1.1.0rc5)",
        ValueKind.Url => IsUrl(value) ? null : "an http(s) URL",
        ValueKind.OptionalUrl => value.Length == 0 || IsUrl(value) ? null : "an http(s) URL or \"\"",
        ValueKind.Hosts => HostsPattern().IsMatch(value) ? null : "host names separated by spaces, or \"\"",
        ValueKind.DockerfileName => DockerfileNamePattern().IsMatch(value) ? null : "a Dockerfile name in container/ (e.g. Dockerfile.vllm)",
        ValueKind.AbsolutePath => value.StartsWith('/') && !value.Contains('\n') ? null : "an absolute path",
        ValueKind.Network => value.Length == 0 || NameGrammar.Name().IsMatch(value) ? null : "a docker network (e.g. host, none) or \"\"",
        ValueKind.NatsEtcdSource => value is "release" or "apt" ? null : "release or apt",
        ValueKind.RustSource => value is "rustup" or "apt" ? null : "rustup or apt",
        ValueKind.SccacheSource => value is "release" or "apt" ? null : "release or apt",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>An absolute http(s) URL; the Dockerfiles' own ${ARG} references are allowed in it.</summary>
    private static bool IsUrl(string value) =>
        !value.Any(char.IsWhiteSpace)
        && Uri.TryCreate(ArgReference().Replace(value, "x"), UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https";

    [GeneratedRegex(@"\$\{[A-Za-z_][A-Za-z0-9_]*\}")]
    public static partial Regex ArgReference();

    [GeneratedRegex(@"^v?[0-9]+(\.[0-9]+){1,3}([-+.]?[A-Za-z0-9]+(\.[A-Za-z0-9]+)*)?$")]
    private static partial Regex VersionPattern();

    /// <summary>A full commit as git prints it (lower case): the Dockerfiles and the wheel's commit.txt compare it as text.</summary>
    private static bool IsCommit(string value) => SourceGrammar.IsFullCommit(value) && !value.Any(char.IsAsciiLetterUpper);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9,._-]+\])?((==|>=|<=|~=|!=|<|>)[A-Za-z0-9.*+!-]+)?$")]
    private static partial Regex PipRequirementPattern();

    [GeneratedRegex(@"^([A-Za-z0-9.-]+(:[0-9]+)?( [A-Za-z0-9.-]+(:[0-9]+)?)*)?$")]
    private static partial Regex HostsPattern();

    [GeneratedRegex(@"^Dockerfile(\.[A-Za-z0-9_-]+)?$")]
    private static partial Regex DockerfileNamePattern();
}
