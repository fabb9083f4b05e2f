namespace Build.Options;

/// <summary>The options of one command line, in the order given, each resolved to its spec.</summary>
public sealed class ParsedArguments(IReadOnlyList<ParsedOption> options, IReadOnlyList<string> passthrough, bool hasSeparator)
{
    public IReadOnlyList<ParsedOption> Options { get; } = options;

    /// <summary>The words after <c>--</c>, untouched.</summary>
    public IReadOnlyList<string> Passthrough { get; } = passthrough;

    /// <summary>Whether <c>--</c> was given (even with nothing after it).</summary>
    public bool HasSeparator { get; } = hasSeparator;

    public bool Has(string name) => Options.Any(o => o.Spec.Name == name);

    /// <summary>The last value given for the option (last one wins: docs/decisions.md §1.1).</summary>
    public string? Value(string name) => Options.LastOrDefault(o => o.Spec.Name == name)?.Value;

    /// <summary>Every value given for a repeatable option, in command-line order.</summary>
    public IReadOnlyList<string> Values(string name) =>
        Options.Where(o => o.Spec.Name == name).Select(o => o.Value!).ToList();

    /// <summary>The options that are not in <paramref name="names"/>.</summary>
    public ParsedArguments Without(IEnumerable<string> names)
    {
        var set = names.ToHashSet(StringComparer.Ordinal);
        return new ParsedArguments(Options.Where(o => !set.Contains(o.Spec.Name)).ToList(), Passthrough, HasSeparator);
    }
}

public sealed record ParsedOption(OptionSpec Spec, string? Value)
{
    /// <summary>The name the user typed (an alias or a short form): errors about the value name it.</summary>
    public string? As { get; init; }
}
