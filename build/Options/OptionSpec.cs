namespace Build.Options;

public enum OptionArity
{
    /// <summary>A switch: present or not; it takes no value.</summary>
    Flag,

    /// <summary>Takes exactly one value: the next word or <c>--name=value</c>.</summary>
    Value,
}

/// <summary>
/// One command-line option as the parser and the help see it: its name(s), whether it takes a value, its help line
/// and its scope. The build host's options make theirs from their <see cref="OptionAttribute"/> declarations
/// (<see cref="Declared{T}"/>); the front doors and the host's own options write them directly.
/// </summary>
public sealed record OptionSpec(
    string Name,
    OptionArity Arity,
    string Help,
    string? ValueName = null,
    bool Repeatable = false,
    IReadOnlyList<string>? Aliases = null,
    OptionScope Scope = OptionScope.Everywhere,
    string? WhenUnused = null)
{
    public IEnumerable<string> AllNames => Aliases is null ? [Name] : [Name, .. Aliases];

    public string Usage => Arity == OptionArity.Flag ? Name : $"{Name} {ValueName ?? "VALUE"}";
}
