using System.Text.RegularExpressions;

namespace Build.Options;

/// <summary>What a docker build takes as KEY=VALUE or as a pass-through: build args, named contexts, secrets, docker build flags, bake overrides.</summary>
public static partial class BuildArgGrammar
{
    /// <summary>KEY=VALUE of docker's --build-arg, wherever it enters (option, context overlay, pass-through).</summary>
    public static KeyValuePair<string, string> BuildArg(string option, string value)
    {
        var pair = Pair(option, value, "KEY=VALUE", NameGrammar.VariablePattern());
        SecretValues.CheckBuildArg(option, pair.Key, pair.Value);

        // The framework Dockerfiles pick a stage by this value (FROM sccache_source_${USE_SCCACHE}): any other
        // value would fail inside the build as an image that cannot be pulled.
        if (pair.Key == "USE_SCCACHE" && pair.Value is not ("true" or "false"))
        {
            throw new UsageException($"{option} USE_SCCACHE='{pair.Value}' must be true or false (--use-sccache sets it).");
        }

        return pair;
    }

    /// <summary>KEY=VALUE with the key by <paramref name="keyPattern"/>; <paramref name="form"/> names the form in the error.</summary>
    public static KeyValuePair<string, string> Pair(string option, string value, string form, Regex keyPattern)
    {
        var eq = value.IndexOf('=');
        if (eq <= 0)
        {
            throw new UsageException($"{option} '{value}' must be {form}.");
        }

        var key = value[..eq];
        if (!keyPattern.IsMatch(key))
        {
            throw new UsageException($"{option} '{value}': '{key}' is not a valid name in {form}.");
        }

        return new(key, value[(eq + 1)..]);
    }

    /// <summary>--secret: a BuildKit secret by reference (id with env or src), never its value.</summary>
    public static string Secret(string value)
    {
        var fields = value.Split(',').Select(f => f.Split('=', 2)).ToList();
        if (fields.Any(f => f.Length != 2 || f[1].Length == 0) || !fields.Any(f => f[0] == "id")
            || fields.Any(f => f[0] is not ("id" or "env" or "src" or "source" or "type")))
        {
            throw new UsageException($"--secret '{value}' must be id=ID,env=VARIABLE or id=ID,src=FILE (the value itself never goes on the command line).");
        }

        return value;
    }

    /// <summary>docker build --ssh: an ID (default: the agent of $SSH_AUTH_SOCK), or ID=SOCKET|KEY[,KEY].</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*(=[^,]+(,[^,]+)*)?$")]
    public static partial Regex SshPattern();

    /// <summary>A long docker flag, with its value in the same word.</summary>
    [GeneratedRegex("^--[a-z][a-z0-9-]*(=.*)?$", RegexOptions.Singleline)]
    public static partial Regex BuildFlagPattern();

    /// <summary>bake's --set: a target name or pattern, a key path, a value.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9_*?\[\]-]+(\.[a-z][a-z0-9-]*)+(\.[A-Za-z0-9_.-]+)?=.*$", RegexOptions.Singleline)]
    public static partial Regex BakeSetPattern();
}
