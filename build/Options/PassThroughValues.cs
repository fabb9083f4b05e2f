namespace Build.Options;

/// <summary>
/// The values inside the pass-through options (--build-flag, --bake-set): a build arg given through them is read by
/// the same rule as --build-arg (<see cref="BuildArgGrammar.BuildArg"/>: the secret rules, USE_SCCACHE), so no route
/// takes a value --build-arg refuses.
/// </summary>
public static class PassThroughValues
{
    /// <summary>--build-flag=--build-arg=KEY=VALUE (docker's own spelling of a build arg in one word).</summary>
    public static string BuildFlag(string option, string value)
    {
        const string buildArg = "--build-arg=";
        // KEY alone (docker takes the value from its environment) has no value here to check.
        if (value.StartsWith(buildArg, StringComparison.Ordinal) && value.IndexOf('=', buildArg.Length) > 0)
        {
            BuildArgGrammar.BuildArg($"{option}=--build-arg", value[buildArg.Length..]);
        }

        return value;
    }

    /// <summary>--bake-set TARGET.args.KEY=VALUE: bake's build args.</summary>
    public static string BakeSet(string option, string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        var path = value[..eq].Split('.');
        if (path.Length == 3 && path[1] == "args")
        {
            BuildArgGrammar.BuildArg($"{option} {path[0]}.args", $"{path[2]}={value[(eq + 1)..]}");
        }

        return value;
    }
}
