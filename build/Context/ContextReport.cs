using Build.Options;

namespace Build.Context;

/// <summary>One effective value as ShowContext prints it: key, value, and where it was set.</summary>
public sealed record ContextRow(string Key, string Value, string Origin);

/// <summary>What ShowContext prints: the effective values for the chosen frameworks, each with its origin. Pure.</summary>
public static class ContextReport
{
    public static IReadOnlyList<ContextRow> Rows(ContainerContext context, BuildOptions options, ReleaseOptions release)
    {
        var commandLine = CommandLine(context, options, release);
        var shown = Framework.All.Where(options.Frameworks.Contains).Select(f => $"{ContextSchema.FrameworksSection}.{f.Lower}.").ToList();
        return context.Values
            .Where(v => !v.Key.StartsWith(ContextSchema.FrameworksSection + ".", StringComparison.Ordinal)
                || shown.Any(prefix => v.Key.StartsWith(prefix, StringComparison.Ordinal)))
            .OrderBy(v => v.Key.StartsWith(ContextSchema.FrameworksSection + ".", StringComparison.Ordinal)
                ? shown.FindIndex(prefix => v.Key.StartsWith(prefix, StringComparison.Ordinal))
                : shown.Count)
            .Select(v => commandLine.TryGetValue(v.Key, out var given)
                ? new ContextRow(v.Key, given.Value, given.Option)
                : new ContextRow(v.Key, v.Value, v.Origin.ToString()))
            .ToList();
    }

    /// <summary>Aligned columns (key, origin, value: the long URLs last); empty values shown as "".</summary>
    public static IEnumerable<string> Lines(ContainerContext context, IReadOnlyList<ContextRow> rows)
    {
        yield return $"Context files: {string.Join(", ", context.Files)}";
        var keyWidth = rows.Max(r => r.Key.Length);
        var originWidth = rows.Max(r => r.Origin.Length);
        foreach (var row in rows)
        {
            yield return $"{row.Key.PadRight(keyWidth)}  {row.Origin.PadRight(originWidth)}  {Shown(row.Value)}";
        }
    }

    private static string Shown(string value) => value.Length == 0 ? "\"\"" : value;

    /// <summary>Keys whose value a command-line option replaces, with the option as the user gives it.</summary>
    private static Dictionary<string, (string Value, string Option)> CommandLine(ContainerContext context, BuildOptions options, ReleaseOptions release)
    {
        var given = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var framework in Framework.All)
        {
            // --build-arg first: an option below that names the same key is placed before it and loses to it.
            foreach (var binding in DockerfileArgs.OfFramework(framework, context))
            {
                Add(binding.Key, options.BuildArgs.LastOrDefault(a => a.Key == binding.Arg).Value, "--build-arg " + binding.Arg);
            }

            Add(ContextSchema.FrameworkKey(framework, "base_image"), options.BaseImage, "--base-image");
            Add(ContextSchema.FrameworkKey(framework, "base_image_tag"), options.BaseImageTag, "--base-image-tag");
        }

        foreach (var binding in DockerfileArgs.Epp.Concat(DockerfileArgs.Frontend))
        {
            Add(binding.Key, options.BuildArgs.LastOrDefault(a => a.Key == binding.Arg).Value, "--build-arg " + binding.Arg);
        }

        Add("trtllm.pip_wheel", options.Trtllm.PipWheel, "--tensorrtllm-pip-wheel");
        Add("trtllm.index_url", options.Trtllm.IndexUrl, "--tensorrtllm-index-url");
        Add("trtllm.wheel_dir", options.Trtllm.WheelDir, "--tensorrtllm-pip-wheel-dir");
        Add("build.network", options.BuildNetwork, "--build-network");
        Add("frontend.python_version", release.PythonVersion, "--python-version");
        Add("epp.builder_image", release.EppBuilderImage, "--epp-builder-image");
        Add("epp.base_image", release.EppBaseImage, "--epp-base-image");
        return given;

        void Add(string key, string? value, string option)
        {
            if (value is not null && !given.ContainsKey(key))
            {
                given[key] = (value, option);
            }
        }
    }
}
