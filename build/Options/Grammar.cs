using System.Globalization;
using System.Text.RegularExpressions;
using Build.Docker;

namespace Build.Options;

/// <summary>How an option's value is read (see <see cref="Grammar"/>); the default follows the property's type.</summary>
public enum Syntax
{
    /// <summary>string: any non-empty text; int?: a numeric ID; ImageReference: a reference without a digest.</summary>
    Default,
    Frameworks,
    Platform,
    Stage,
    MatrixStages,
    ReferenceWithDigest,
    ReferenceText,
    BuildArg,
    NamedContext,
    Secret,
    Ssh,
    Bool,
    AbsolutePath,
    ContainerName,
    Runtime,
    Gpus,
    Network,
    User,
    Port,
    Env,
    Ulimit,
    Volume,
    GitUrl,
    PythonVersion,
    VariableName,
    Registry,
    Executor,

    /// <summary>A repository prefix (--image-namespace): NS/dynamo-base:tag must be an image reference, lower case.</summary>
    ImageNamespace,

    /// <summary>An image repository without tag or digest (FROM's name part), e.g. nvcr.io/nvidia/cuda-dl-base.</summary>
    Repository,

    /// <summary>A docker tag: letters, digits, '_', '.', '-', at most 128, not starting with '.' or '-'.</summary>
    Tag,

    /// <summary>A file or directory on this machine (made absolute and checked by the facts).</summary>
    Path,

    /// <summary>A BuildKit cache spec: an image reference, or type=...,key=value,... (docker build --cache-from/--cache-to).</summary>
    CacheSpec,

    /// <summary>A git branch, tag or commit (git check-ref-format's rules, and never an option).</summary>
    GitRef,

    /// <summary>An http(s) or file URL without a password in it.</summary>
    Url,

    /// <summary>An S3 bucket name.</summary>
    Bucket,

    /// <summary>A cloud region name such as us-west-2.</summary>
    Region,

    /// <summary>A commit id, full or abbreviated (up to 40 hex digits).</summary>
    Commit,

    /// <summary>A registry user name: no whitespace, no ':', not starting with '-'.</summary>
    UserName,

    /// <summary>A name (builder, network mode) by <see cref="NameGrammar.Name"/>.</summary>
    Name,
    CacheRegistry,
    OnOff,
    BuildFlag,
    BakeSet,
}

/// <summary>
/// Reads an option's value by its <see cref="Syntax"/>, with the one grammar of its kind of value (<see cref="NameGrammar"/>,
/// <see cref="ImageGrammar"/>, <see cref="PlatformGrammar"/>, <see cref="BuildArgGrammar"/>, <see cref="CacheGrammar"/>,
/// <see cref="SourceGrammar"/>, <see cref="RunGrammar"/>). A value that does not match is a <see cref="UsageException"/>
/// naming the option as declared.
/// </summary>
public static class Grammar
{
    public static object Read(Syntax syntax, Type type, string option, string value)
    {
        // Build args and git URLs check their own way, with their own wording (docs/decisions.md §4.3).
        if (syntax is not (Syntax.BuildArg or Syntax.GitUrl))
        {
            SecretValues.CheckUrls(option, value);
        }

        try
        {
            return ReadChecked(syntax, type, option, value);
        }
        catch (UsageException e) when (SecretValues.SecretParts(value).Count > 0)
        {
            // A credential typed in the wrong place is refused without being printed back.
            throw new UsageException(SecretValues.Masked(e.Message, value));
        }
    }

    private static object ReadChecked(Syntax syntax, Type type, string option, string value) => syntax switch
    {
        Syntax.Default when type == typeof(int) => Id(option, value),
        Syntax.Default when type == typeof(ImageReference) => ImageGrammar.Reference(option, value),
        Syntax.Default => value,
        Syntax.Frameworks => NameGrammar.Frameworks(value),
        Syntax.Platform => PlatformGrammar.Platform(option, value),
        Syntax.Stage => Matching(option, value, NameGrammar.Name(), "is not a stage name (letters, digits, '-', '_', '.'), e.g. dev, runtime or local-dev"),
        Syntax.MatrixStages => NameGrammar.MatrixStages(value),
        Syntax.ReferenceWithDigest => ImageGrammar.Reference(option, value, allowDigest: true),
        Syntax.ReferenceText => ImageGrammar.Reference(option, value).ToString(),
        Syntax.BuildArg => BuildArgGrammar.BuildArg(option, value),
        Syntax.NamedContext => BuildArgGrammar.Pair(option, value, "NAME=PATH", NameGrammar.Name()),
        Syntax.Secret => BuildArgGrammar.Secret(value),
        Syntax.Ssh => Matching(option, value, BuildArgGrammar.SshPattern(), "is not an SSH forwarding spec: default, or ID=SOCKET or ID=KEY[,KEY] (docker build --ssh)"),
        Syntax.Bool => Bool(option, value),
        Syntax.AbsolutePath => value.StartsWith('/') ? value : throw new UsageException($"{option} '{value}' must be an absolute path in the container, e.g. /workspace."),
        Syntax.ContainerName => Matching(option, value, RunGrammar.ContainerNamePattern(), "is not a container name (letters, digits, '_', '.', '-'; at least 2 characters, starting with a letter or digit)"),
        Syntax.Runtime => Matching(option, value, NameGrammar.Name(), "is not a runtime name such as nvidia or runc"),
        Syntax.Gpus => Matching(option, value, RunGrammar.GpuPattern(), "is not auto, all, none, a count N, or device=ID[,ID] (docker's --gpus syntax)"),
        Syntax.Network => RunGrammar.Network(option, value),
        Syntax.User => Matching(option, value, RunGrammar.UserPattern(), "is not name|uid[:group|gid], e.g. root, 0, dynamo, 1000:0"),
        Syntax.Port => RunGrammar.Port(option, value),
        Syntax.Env => RunGrammar.Env(value),
        Syntax.Ulimit => RunGrammar.Ulimit(option, value),
        Syntax.Volume => VolumeSpec.Parse(value),
        Syntax.GitUrl => SourceGrammar.GitUrl(option, value),
        Syntax.PythonVersion => value.Length > 0 && NameGrammar.PythonVersionPattern().IsMatch(value) ? value : throw new UsageException($"{option} '{value}' must be MAJOR.MINOR, e.g. 3.12."),
        Syntax.VariableName => NameGrammar.VariablePattern().IsMatch(value) ? value : throw new UsageException($"{option} '{value}' must be the NAME of an environment variable (letters, digits, '_'), not a password."),
        Syntax.Registry => RegistryTarget.Parse(value),
        Syntax.ImageNamespace => ImageGrammar.ImageNamespace(option, value),
        Syntax.Executor => value.ToLowerInvariant() switch
        {
            "auto" => ExecutorChoice.Auto,
            "bake" => ExecutorChoice.Bake,
            "sequential" => ExecutorChoice.Sequential,
            _ => throw new UsageException($"{option} '{value}' is not an executor: use auto, bake or sequential."),
        },
        Syntax.Repository => ImageGrammar.Repository(option, value),
        Syntax.Tag => ImageGrammar.Tag(option, value),
        Syntax.Path => value,
        Syntax.CacheSpec => CacheGrammar.CacheSpec(option, value),
        Syntax.GitRef => SourceGrammar.GitRef(option, value),
        Syntax.Url => SourceGrammar.Url(option, value),
        Syntax.Bucket => Matching(option, value, CacheGrammar.BucketPattern(), "is not a bucket name (1-255 letters, digits, '.', '-', '_', starting with a letter or digit)"),
        Syntax.Region => Matching(option, value, CacheGrammar.RegionPattern(), "is not a region name such as us-west-2 or auto (letters, digits, '-', '_')"),
        Syntax.Commit => Matching(option, value, SourceGrammar.CommitPattern(), "is not a commit id (up to 40 hex digits)"),
        Syntax.UserName => Matching(option, value, NameGrammar.UserNamePattern(), "is not a user name (no spaces or ':', not starting with '-')"),
        Syntax.Name => Matching(option, value, NameGrammar.Name(), "is not a name (letters, digits, '_', '.', '-', starting with a letter or digit)"),
        Syntax.CacheRegistry => CacheRegistry.TryParse(value, out var why) ?? throw new UsageException($"{option} '{value}' is not HOST[:PORT]/NAMESPACE or gha: {why}."),
        Syntax.OnOff => value.ToLowerInvariant() switch
        {
            "on" => true,
            "off" => false,
            _ => throw new UsageException($"{option} '{value}' must be on or off."),
        },
        Syntax.BuildFlag => BuildArgGrammar.BuildFlagPattern().IsMatch(value) ? PassThroughValues.BuildFlag(option, value) : throw new UsageException($"{option} '{value}' must be one docker build flag as one word: --FLAG or --FLAG=VALUE, e.g. --ssh=default."),
        Syntax.BakeSet => BuildArgGrammar.BakeSetPattern().IsMatch(value) ? PassThroughValues.BakeSet(option, value) : throw new UsageException($"{option} '{value}' must be TARGET.KEY=VALUE (bake's --set), e.g. '*.shm-size=2g'."),
        _ => throw new ArgumentOutOfRangeException(nameof(syntax), syntax, null),
    };

    /// <summary>
    /// A value no option takes: control characters (a newline would end the dry run's shell line and the regular
    /// expressions' '$' matches before one). Checked for every option's value before its grammar.
    /// </summary>
    public static void CheckText(string option, string value)
    {
        // By position, not by FirstOrDefault: U+0000 (NUL) is also char's default value.
        var at = value.ToList().FindIndex(char.IsControl);
        if (at >= 0)
        {
            throw new UsageException($"{option} has a control character (U+{(int)value[at]:X4}) in its value: no option takes one.");
        }
    }

    private static string Matching(string option, string value, Regex pattern, string notAccepted, char? eachOf = null)
    {
        foreach (var part in eachOf is { } separator ? value.Split(separator) : [value])
        {
            if (!pattern.IsMatch(part))
            {
                throw new UsageException($"{option} '{part}' {notAccepted}.");
            }
        }

        return value;
    }

    private static int Id(string option, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new UsageException($"{option} '{value}' must be a numeric ID from 0 to {int.MaxValue}.");

    private static bool Bool(string option, string value) => value.ToLowerInvariant() switch
    {
        "true" => true,
        "false" => false,
        _ => throw new UsageException($"{option} '{value}' must be true or false (any case)."),
    };
}
