using Build.CommandLine;
using Newtonsoft.Json.Linq;

namespace Build.Docker;

/// <summary>
/// Writes a <see cref="DockerBuildSettings"/> from its <see cref="BuildSetting"/> descriptions alone: <c>docker build</c>'s
/// argv, a bake target and the bake entitlements (--allow). One renderer, so both executors build the same image.
/// </summary>
public static class BuildSettingRenderer
{
    /// <summary>docker build's flags after the command words: each setting in order, the pass-through words, the context last.</summary>
    public static DockerArgv Flags(DockerArgv argv, DockerBuildSettings build)
    {
        string? positional = null;
        foreach (var setting in BuildSetting.All)
        {
            var flag = setting.Description.Flag;
            switch (setting.Description.Form)
            {
                case SettingForm.Scalar when setting.Read(build) is string value:
                    argv.Add(flag!, value);
                    break;
                case SettingForm.List:
                    foreach (var value in setting.Values(build))
                    {
                        if (setting.Description.Secret)
                        {
                            argv.Secret(flag!, value);
                        }
                        else
                        {
                            argv.Add(flag!, value);
                        }
                    }

                    break;
                case SettingForm.Map:
                    foreach (var (key, value) in setting.Pairs(build))
                    {
                        argv.Add(flag!, key + setting.Description.Separator + value);
                    }

                    break;
                case SettingForm.Flag:
                    argv.Flag(flag!, setting.Read(build) is true);
                    break;
                case SettingForm.Attestation when setting.Read(build) is bool on:
                    argv.Add(flag!, on ? "true" : "false");
                    break;
                case SettingForm.PassThrough:
                    argv.Add([.. setting.Values(build)]);
                    break;
                case SettingForm.Positional:
                    positional = (string?)setting.Read(build);
                    break;
            }
        }

        return positional is null ? argv : argv.Add(positional);
    }

    /// <summary>
    /// The bake target of a build, every setting under its bake key, after the build's pass-through words were carried
    /// into the settings they name (<see cref="Carried"/>). A setting with a value and no bake key cannot be in a bake.
    /// </summary>
    public static JObject BakeTarget(DockerBuildSettings build)
    {
        build = Carried(build);
        var keys = new List<(BuildSetting Setting, JToken Value)>();
        foreach (var setting in BuildSetting.All)
        {
            if (setting.Description.Form is SettingForm.Command or SettingForm.PassThrough || BakeValue(setting, build) is not { } value)
            {
                continue;
            }

            var key = setting.Description.BakeKey
                ?? throw new InvalidOperationException($"{setting.Name} has a value, and a bake target has no key for it: {setting.Description.NoBakeKey}");
            if (keys.FindIndex(k => k.Setting.Description.BakeKey == key) is var same and >= 0)
            {
                // Two settings under one key (provenance and sbom in attest): one list.
                ((JArray)keys[same].Value).Merge(value);
                continue;
            }

            var after = setting.Description.BakeAfter is { } previous ? keys.FindIndex(k => k.Setting.Description.BakeKey == previous) : -1;
            keys.Insert(after >= 0 ? after + 1 : keys.Count, (setting, value));
        }

        var target = new JObject();
        foreach (var (setting, value) in keys)
        {
            target[setting.Description.BakeKey!] = value;
        }

        return target;
    }

    /// <summary>bake's --allow for the builds: each entitlement a setting's value needs, once, in settings order.</summary>
    public static IReadOnlyList<string> Entitlements(IEnumerable<DockerBuildSettings> builds)
    {
        var carried = builds.Select(Carried).ToList();
        var entitlements = new List<string>();
        foreach (var setting in BuildSetting.All.Where(s => s.Description.Entitlement is not null))
        {
            if (carried.Any(b => Needs(setting, b)))
            {
                entitlements.Add(setting.Description.Entitlement!);
            }

            if (setting.Description.ReadsPaths)
            {
                entitlements.AddRange(carried.SelectMany(setting.Values)
                    .Where(v => v.Contains('=', StringComparison.Ordinal))
                    .SelectMany(v => v[(v.IndexOf('=', StringComparison.Ordinal) + 1)..].Split(','))
                    .Select(path => "fs.read=" + path));
            }
        }

        return [.. entitlements.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Why a pass-through word (--build-flag's value, <c>--FLAG[=VALUE]</c>) cannot be carried into a bake target; null
    /// when it can: its flag names a setting with a bake key, with a value of the setting's form.
    /// </summary>
    public static string? WhyNotCarried(string word)
    {
        var (flag, value) = Split(word);
        if (BuildSetting.ByFlag(flag) is not { } setting)
        {
            return $"{flag} has no bake equivalent";
        }

        if (setting.Description.BakeKey is null)
        {
            return $"{flag} has no bake equivalent: {setting.Description.NoBakeKey}";
        }

        return setting.Description.Form switch
        {
            SettingForm.Flag => value is null or "true" or "false" ? null : $"{flag} takes true or false",
            SettingForm.Attestation => value is null or "true" or "false" ? null : $"{flag} is carried as true or false; write other attestations with --bake-set 'TARGET.attest=...'",
            SettingForm.Map when value is null || Pair(value, setting.Description.Separator) is null => $"{flag} needs KEY{setting.Description.Separator}VALUE",
            _ => value is null ? $"{flag} needs a value ({flag}=VALUE)" : null,
        };
    }

    /// <summary>
    /// The build with its pass-through words applied to the settings their flags name, as docker build reads them: a
    /// scalar's last value wins, a list's and a map's values add up, a flag is set.
    /// </summary>
    public static DockerBuildSettings Carried(DockerBuildSettings build)
    {
        if (build.ExtraFlags.Count == 0)
        {
            return build;
        }

        var carried = build with { ExtraFlags = [] };
        foreach (var word in build.ExtraFlags)
        {
            if (WhyNotCarried(word) is { } why)
            {
                throw new InvalidOperationException($"--build-flag '{word}' cannot be in a bake: {why}");
            }

            var (flag, value) = Split(word);
            var setting = BuildSetting.ByFlag(flag)!;
            carried = setting.Description.Form switch
            {
                SettingForm.Flag => setting.With(carried, value != "false"),
                SettingForm.Map => setting.With(carried, (IReadOnlyList<KeyValuePair<string, string>>)[.. setting.Pairs(carried), Pair(value!, setting.Description.Separator)!.Value]),
                SettingForm.List when setting.Property.PropertyType == typeof(string) => setting.With(carried, string.Join(',', [.. setting.Values(carried), value!])),
                SettingForm.List => setting.With(carried, (IReadOnlyList<string>)[.. setting.Values(carried), value!]),
                SettingForm.Attestation => setting.With(carried, value != "false"),
                _ => setting.With(carried, value),
            };
        }

        return carried;
    }

    private static JToken? BakeValue(BuildSetting setting, DockerBuildSettings build)
    {
        var description = setting.Description;
        switch (description.Form)
        {
            case SettingForm.Scalar or SettingForm.Positional when setting.Read(build) is string value:
                return value;
            case SettingForm.List when setting.Values(build) is { Count: > 0 } values:
                return new JArray(values);
            case SettingForm.Map when setting.Pairs(build) is { Count: > 0 } pairs:
                var map = new JObject();
                foreach (var (key, value) in pairs)
                {
                    map[key] = value;
                }

                return map;
            case SettingForm.Flag when setting.Read(build) is true:
                return true;
            case SettingForm.Attestation when setting.Read(build) is bool on:
                return new JArray((on ? description.AttestOn : description.AttestOff)!);
            default:
                return null;
        }
    }

    private static bool Needs(BuildSetting setting, DockerBuildSettings build) => setting.Description.EntitledValue is { } entitled
        ? setting.Values(build).Contains(entitled, StringComparer.Ordinal)
        : BakeValue(setting, build) is not null;

    private static (string Flag, string? Value) Split(string word)
    {
        var eq = word.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? (word, null) : (word[..eq], word[(eq + 1)..]);
    }

    /// <summary>KEY and VALUE split at the first separator or '=' (docker takes HOST=IP for HOST:IP too); null without one.</summary>
    private static KeyValuePair<string, string>? Pair(string value, string separator)
    {
        var at = value.IndexOfAny([separator[0], '=']);
        return at < 0 ? null : new(value[..at], value[(at + 1)..]);
    }
}
