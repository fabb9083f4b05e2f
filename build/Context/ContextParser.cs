using Build.Options;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Build.Context;

/// <summary>
/// Reads the text of the defaults file and its overlays (YAML), checks every key and value against
/// <see cref="ContextSchema"/>, and merges them (later wins). Pure: the texts come in, a context or one
/// <see cref="UsageException"/> naming file, line and key comes out.
/// </summary>
public static class ContextParser
{
    /// <param name="defaults">The defaults file: every required key present.</param>
    /// <param name="overlays">Site files: any subset of the keys.</param>
    public static ContainerContext Parse((string Name, string Text) defaults, IReadOnlyList<(string Name, string Text)> overlays)
    {
        var merged = new Dictionary<string, ContextValue>(StringComparer.Ordinal);
        var defaultLines = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in Read(defaults.Name, defaults.Text, isOverlay: false, defaultLines))
        {
            merged[value.Key] = value;
        }

        foreach (var key in ContextSchema.AllKeys.Where(k => k.Required && !merged.ContainsKey(k.Path)))
        {
            var section = key.Path[..key.Path.LastIndexOf('.')];
            throw new UsageException($"{defaults.Name}:{defaultLines.GetValueOrDefault(section, 1)}: {key.Path} is missing.");
        }

        foreach (var (name, text) in overlays)
        {
            foreach (var value in Read(name, text, isOverlay: true, new Dictionary<string, int>()))
            {
                merged[value.Key] = value;
            }
        }

        foreach (var framework in Framework.All)
        {
            var image = merged.GetValueOrDefault(ContextSchema.FrameworkKey(framework, "runtime_image"));
            var tag = merged.GetValueOrDefault(ContextSchema.FrameworkKey(framework, "runtime_image_tag"));
            if ((image is null) != (tag is null))
            {
                var (given, missing) = image is null ? (tag!, "runtime_image") : (image, "runtime_image_tag");
                throw new UsageException($"{given.Origin}: {given.Key} needs {ContextSchema.FrameworkKey(framework, missing)} too.");
            }
        }

        // In the schema's order, so listings read like the file.
        var order = ContextSchema.AllKeys.Select(k => k.Path).ToList();
        var ordered = merged.Values
            .OrderBy(v => order.IndexOf(v.Key) is var i and >= 0 ? i : order.Count)
            .ToDictionary(v => v.Key, v => v, StringComparer.Ordinal);
        return new ContainerContext([defaults.Name, .. overlays.Select(o => o.Name)], ordered);
    }

    private static List<ContextValue> Read(string file, string text, bool isOverlay, Dictionary<string, int> sectionLines)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new UsageException($"{file}:{e.Start.Line}: not valid YAML: {FirstLine(e)}.");
        }
        catch (InvalidOperationException)
        {
            // Some syntax errors (an unclosed '[') end the event stream early without a position: find the last one read.
            throw new UsageException($"{file}:{LastReadLine(text)}: not valid YAML: a bracket, brace or quote is not closed.");
        }

        var values = new List<ContextValue>();
        if (stream.Documents.Count == 0)
        {
            return values;
        }

        if (stream.Documents.Count > 1)
        {
            throw new UsageException($"{file}:{stream.Documents[1].RootNode.Start.Line}: one YAML document expected, found {stream.Documents.Count}.");
        }

        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" })
        {
            return values;
        }

        if (root is not YamlMappingNode mapping)
        {
            throw new UsageException($"{file}:{root.Start.Line}: the file must be a mapping of sections (frameworks, nixl, ...).");
        }

        Walk(file, mapping, "", isOverlay, values, sectionLines);
        return values;
    }

    private static void Walk(string file, YamlMappingNode mapping, string prefix, bool isOverlay, List<ContextValue> values, Dictionary<string, int> sectionLines)
    {
        foreach (var (keyNode, node) in mapping.Children)
        {
            var line = (int)keyNode.Start.Line;
            if (keyNode is not YamlScalarNode { Value: { } name })
            {
                throw new UsageException($"{file}:{line}: {prefix}<key>: a key must be a plain name.");
            }

            var path = prefix + name;
            if (ContextSchema.IsSection(path))
            {
                sectionLines[path] = line;
                Walk(file, AsMapping(file, path, node), path + ".", isOverlay, values, sectionLines);
            }
            else if (ContextSchema.IsBuildArgs(path))
            {
                foreach (var (argNode, argValue) in AsMapping(file, path, node).Children)
                {
                    var argName = (argNode as YamlScalarNode)?.Value ?? string.Empty;
                    var argLine = (int)argNode.Start.Line;
                    if (!ContextSchema.IsBuildArgName(argName))
                    {
                        throw new UsageException($"{file}:{argLine}: {path}: '{argName}' is not a build arg name (letters, digits, '_').");
                    }

                    var value = Scalar(file, $"{path}.{argName}", argValue, allowEmpty: true);

                    // The rule of --build-arg (secrets, USE_SCCACHE): an overlay is one more route to the same build arg.
                    BuildArgGrammar.BuildArg($"{file}:{argLine}: {path}", $"{argName}={value}");
                    values.Add(new($"{path}.{argName}", value, new(file, argLine, isOverlay)));
                }
            }
            else if (ContextSchema.Find(path) is { } key)
            {
                var value = Scalar(file, path, node, allowEmpty: true);
                if (ContextSchema.Problem(key.Kind, value) is { } problem)
                {
                    throw new UsageException($"{file}:{line}: {path}: '{value}' is not {problem}.");
                }

                values.Add(new(path, value, new(file, line, isOverlay)));
            }
            else
            {
                var known = ContextSchema.AllKeys.Select(k => k.Path)
                    .Where(p => p.StartsWith(prefix, StringComparison.Ordinal))
                    .Select(p => p[prefix.Length..].Split('.')[0])
                    .Concat(prefix.StartsWith(ContextSchema.FrameworksSection + ".", StringComparison.Ordinal) && prefix.Count(c => c == '.') == 2 ? [ContextSchema.BuildArgsKey] : [])
                    .Distinct();
                throw new UsageException($"{file}:{line}: unknown key '{path}' (known here: {string.Join(", ", known)}).");
            }
        }
    }

    private static YamlMappingNode AsMapping(string file, string path, YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping,

        // "section:" with nothing under it: an empty section.
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" } => new YamlMappingNode(),
        _ => throw new UsageException($"{file}:{node.Start.Line}: {path} must be a mapping (keys under it), not {Describe(node)}."),
    };

    private static string Scalar(string file, string path, YamlNode node, bool allowEmpty)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw new UsageException($"{file}:{node.Start.Line}: {path} must be a single value, not {Describe(node)}.");
        }

        // "key:" or "key: ~" is a forgotten value; an intended empty one is written "".
        if (scalar.Style == ScalarStyle.Plain && scalar.Value is "" or "~" or "null" or null)
        {
            throw new UsageException($"{file}:{node.Start.Line}: {path} has no value (write \"\" for an empty one).");
        }

        var value = scalar.Value ?? string.Empty;
        if (!allowEmpty && value.Length == 0)
        {
            throw new UsageException($"{file}:{node.Start.Line}: {path} is empty.");
        }

        if (value.Contains('\n'))
        {
            throw new UsageException($"{file}:{node.Start.Line}: {path} must be one line.");
        }

        // The command line's rules for every value: no control character, no credential in a URL.
        Grammar.CheckText($"{file}:{node.Start.Line}: {path}", value);
        SecretValues.CheckUrls($"{file}:{node.Start.Line}: {path}", value);
        return value;
    }

    private static long LastReadLine(string text)
    {
        var parser = new Parser(new StringReader(text));
        long line = 1;
        try
        {
            while (parser.MoveNext())
            {
                line = parser.Current?.Start.Line ?? line;
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return e is YamlException y ? y.Start.Line : line;
        }

        return line;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "a single value",
    };

    private static string FirstLine(YamlException e)
    {
        var message = (e.InnerException as YamlException ?? e).Message;
        var start = message.IndexOf("): ", StringComparison.Ordinal);
        return (start >= 0 ? message[(start + 3)..] : message).Split('\n')[0].TrimEnd('.');
    }
}
