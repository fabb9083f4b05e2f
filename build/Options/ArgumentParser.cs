namespace Build.Options;

/// <summary>
/// Turns words into options against a table of specs. The one rule that fixes the original's hazard:
/// a value option never swallows the next option (<c>--tag --dry-run</c> is an error); a value that
/// really starts with '-' is written <c>--tag=-x</c>.
/// </summary>
public static class ArgumentParser
{
    public static ParsedArguments Parse(IReadOnlyList<string> words, IEnumerable<OptionSpec> specs)
    {
        var byName = new Dictionary<string, OptionSpec>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            foreach (var name in spec.AllNames)
            {
                byName[name] = spec;
            }
        }

        var options = new List<ParsedOption>();
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            if (word == "--")
            {
                return new ParsedArguments(options, words.Skip(i + 1).ToList(), hasSeparator: true);
            }

            if (!word.StartsWith('-') || word == "-")
            {
                // A word after a switch is most likely a value the switch does not take (--no-cache true).
                var previous = options.Count > 0 && i > 0 && words[i - 1] == options[^1].Spec.Name ? options[^1].Spec : null;
                throw new UsageException(previous is { Arity: OptionArity.Flag }
                    ? $"Unexpected argument '{word}': {previous.Name} takes no value, and options start with '--' (see --help)."
                    : $"Unexpected argument '{word}': options start with '--' (see --help).");
            }

            var (name, inlineValue) = SplitInline(word);
            if (!byName.TryGetValue(name, out var spec))
            {
                throw new UsageException($"Unknown option '{name}' (see --help for the options).");
            }

            if (spec.Arity == OptionArity.Flag)
            {
                if (inlineValue is not null)
                {
                    throw new UsageException($"{spec.Name} takes no value (got '{word}').");
                }

                options.Add(new ParsedOption(spec, null));
                continue;
            }

            string value;
            if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < words.Count && !LooksLikeOption(words[i + 1]))
            {
                value = words[++i];
            }
            else
            {
                throw new UsageException($"{spec.Name} requires a value: {spec.Usage} (write {spec.Name}=VALUE for a value that starts with '-').");
            }

            if (value.Length == 0)
            {
                throw new UsageException($"{spec.Name} requires a non-empty value: {spec.Usage}.");
            }

            options.Add(new ParsedOption(spec, value));
        }

        return new ParsedArguments(options, [], hasSeparator: false);
    }

    private static bool LooksLikeOption(string word) => word.Length > 1 && word[0] == '-';

    private static (string Name, string? Value) SplitInline(string word)
    {
        // Only long options take the --name=value form; "-e" style short options never do.
        if (word.StartsWith("--", StringComparison.Ordinal))
        {
            var eq = word.IndexOf('=');
            if (eq > 2)
            {
                return (word[..eq], word[(eq + 1)..]);
            }
        }

        return (word, null);
    }
}
