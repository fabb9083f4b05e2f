namespace Build.Options;

/// <summary>
/// Turns words into options against a table of specs. The one rule that keeps a value from swallowing an option (docs/decisions.md §2.5):
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
                var nearest = Nearest(name, byName.Keys);
                throw new UsageException(nearest is null
                    ? $"Unknown option '{name}' (see --help for the options)."
                    : $"Unknown option '{name}': did you mean {nearest}? (see --help for the options)");
            }

            if (spec.Arity == OptionArity.Flag)
            {
                if (inlineValue is not null)
                {
                    throw new UsageException($"{name} takes no value (got '{word}').");
                }

                options.Add(new ParsedOption(spec, null) { As = name });
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
                // Only long options take the --name=VALUE form (SplitInline): a short one gets no advice it would refuse.
                var longName = spec.AllNames.FirstOrDefault(n => n.StartsWith("--", StringComparison.Ordinal));
                var dashValue = longName is null ? string.Empty : $" (write {longName}=VALUE for a value that starts with '-')";
                throw new UsageException($"{name} requires a value: {name} {spec.ValueName ?? "VALUE"}{dashValue}.");
            }

            Grammar.CheckText(name, value);
            if (value.Trim().Length == 0)
            {
                throw new UsageException($"{name} requires a non-empty value: {name} {spec.ValueName ?? "VALUE"}.");
            }

            options.Add(new ParsedOption(spec, value) { As = name });
        }

        return new ParsedArguments(options, [], hasSeparator: false);
    }

    /// <summary>The declared long option nearest to a mistyped one (edits, with swapped neighbours as one), if near enough to be a typo.</summary>
    public static string? Nearest(string typed, IEnumerable<string> names)
    {
        if (!typed.StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }

        var word = typed[2..];
        var limit = Math.Clamp(word.Length / 3, 1, 3);
        return names
            .Where(n => n.StartsWith("--", StringComparison.Ordinal))
            .Select(n => (Name: n, Distance: Distance(word, n[2..])))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance, counting two swapped neighbours as one edit (optimal string alignment).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
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
