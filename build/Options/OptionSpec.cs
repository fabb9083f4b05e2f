namespace Build.Options;

public enum OptionArity
{
    /// <summary>A switch: present or not; it takes no value.</summary>
    Flag,

    /// <summary>Takes exactly one value: the next word or <c>--name=value</c>.</summary>
    Value,
}

/// <summary>One command-line option: its name, whether it takes a value, and its help line.</summary>
public sealed record OptionSpec(
    string Name,
    OptionArity Arity,
    string Help,
    string? ValueName = null,
    bool Repeatable = false,
    IReadOnlyList<string>? Aliases = null)
{
    public IEnumerable<string> AllNames => Aliases is null ? [Name] : [Name, .. Aliases];

    public string Usage => Arity == OptionArity.Flag ? Name : $"{Name} {ValueName ?? "VALUE"}";
}
