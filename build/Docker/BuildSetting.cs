using System.Reflection;
using System.Runtime.CompilerServices;

namespace Build.Docker;

/// <summary>How a build setting is written, the same way on <c>docker build</c>'s command line and in a bake target.</summary>
public enum SettingForm
{
    /// <summary>One value: <c>FLAG VALUE</c>; <c>"key": "value"</c>.</summary>
    Scalar,

    /// <summary>Each value: <c>FLAG VALUE</c> once per value; <c>"key": [values]</c>.</summary>
    List,

    /// <summary>Each pair: <c>FLAG KEY=VALUE</c>; <c>"key": {KEY: VALUE}</c>, the last value of a key winning as with a repeated flag.</summary>
    Map,

    /// <summary>On or off: <c>FLAG</c> when on; <c>"key": true</c>.</summary>
    Flag,

    /// <summary>An attestation, or the engine's default when null: <c>FLAG true|false</c>; an entry of bake's <c>attest</c> list.</summary>
    Attestation,

    /// <summary>The build context: the last word of the command line; the target's first key.</summary>
    Positional,

    /// <summary>A setting of the command rather than of the image: written before the build's flags, in docker build's and bake's command alike.</summary>
    Command,

    /// <summary>The user's own <c>docker build</c> words (--build-flag): as typed on the command line; in a bake, each by the setting its flag names.</summary>
    PassThrough,
}

/// <summary>
/// Describes a property of <see cref="DockerBuildSettings"/> once: its <c>docker build</c> flag, its bake target key,
/// its <see cref="SettingForm"/>, and the bake entitlement it needs. <see cref="BuildSettingRenderer"/> writes the argv,
/// the bake JSON and bake's <c>--allow</c> from these alone, so both executors always build the same image. Settings
/// are written in declaration order.
/// </summary>
/// <param name="flag">docker build's flag; null: none (the context path, the pass-through words).</param>
/// <param name="bakeKey">The bake target's key; null: a bake target has none (see <see cref="NoBakeKey"/>).</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class BuildSettingAttribute(string? flag, string? bakeKey, SettingForm form, [CallerLineNumber] int order = 0) : Attribute
{
    public string? Flag { get; } = flag;

    public string? BakeKey { get; } = bakeKey;

    public SettingForm Form { get; } = form;

    /// <summary>The declaration's line: the settings' order on the command line and in the bake target.</summary>
    public int Order { get; } = order;

    /// <summary>Another spelling docker takes for the flag (--file for -f), as a --build-flag may write it.</summary>
    public string? Alias { get; set; }

    /// <summary>Why a bake target has no key for the setting (a --build-flag that names it is refused with this reason).</summary>
    public string? NoBakeKey { get; set; }

    /// <summary>The bake entitlement (--allow) the setting needs when it has a value (or <see cref="EntitledValue"/>).</summary>
    public string? Entitlement { get; set; }

    /// <summary>The one value that needs <see cref="Entitlement"/>, e.g. host for network.host; null: any value.</summary>
    public string? EntitledValue { get; set; }

    /// <summary>Values ID=PATH[,PATH] whose paths bake reads from this machine: each needs fs.read=PATH (bake refuses files outside its working directory without it).</summary>
    public bool ReadsPaths { get; set; }

    /// <summary>In the bake target, the key this one follows (bake's own order differs from the command line's here).</summary>
    public string? BakeAfter { get; set; }

    /// <summary>Values that name where a secret is (id=NAME,env=VAR): marked secret on the command line, never logged in full.</summary>
    public bool Secret { get; set; }

    /// <summary>Between a map entry's key and value on the command line (HOST:IP for --add-host); a pass-through word may also use '='.</summary>
    public string Separator { get; set; } = "=";

    /// <summary>An attestation's bake entries when on and when off.</summary>
    public string? AttestOn { get; set; }

    public string? AttestOff { get; set; }
}

/// <summary>One described property of <see cref="DockerBuildSettings"/>: its description and how to read and set it.</summary>
public sealed record BuildSetting(PropertyInfo Property, BuildSettingAttribute Description)
{
    /// <summary>Every described setting, in declaration order.</summary>
    public static IReadOnlyList<BuildSetting> All { get; } = [.. typeof(DockerBuildSettings).GetProperties()
        .Select(p => (Property: p, Description: p.GetCustomAttribute<BuildSettingAttribute>()))
        .Where(p => p.Description is not null)
        .Select(p => new BuildSetting(p.Property, p.Description!))
        .OrderBy(s => s.Description.Order)];

    public string Name => Property.Name;

    public object? Read(DockerBuildSettings build) => Property.GetValue(build);

    /// <summary>The values of a list setting (a scalar as zero or one value).</summary>
    public IReadOnlyList<string> Values(DockerBuildSettings build) => Read(build) switch
    {
        string value => [value],
        IReadOnlyList<string> values => values,
        _ => [],
    };

    public IReadOnlyList<KeyValuePair<string, string>> Pairs(DockerBuildSettings build) =>
        Read(build) as IReadOnlyList<KeyValuePair<string, string>> ?? [];

    /// <summary>A copy of <paramref name="build"/> with this setting's value replaced (settings are records: init-only properties).</summary>
    public DockerBuildSettings With(DockerBuildSettings build, object? value)
    {
        var copy = build with { };
        Property.SetValue(copy, value);
        return copy;
    }

    /// <summary>The setting of a property's name (an option's <c>Feeds</c>).</summary>
    public static BuildSetting Named(string name) =>
        All.FirstOrDefault(s => s.Name == name) ?? throw new InvalidOperationException($"{name} is not a described build setting");

    /// <summary>The setting docker build's flag names (--shm-size, or its alias), if any.</summary>
    public static BuildSetting? ByFlag(string flag) =>
        All.FirstOrDefault(s => s.Description.Form is not (SettingForm.Command or SettingForm.PassThrough or SettingForm.Positional)
            && (s.Description.Flag == flag || s.Description.Alias == flag));
}
