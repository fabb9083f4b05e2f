namespace Build.Options;

/// <summary>
/// Declares a property of an options record as a command-line option, once: its name, scope and help; the value's
/// placeholder and <see cref="Syntax"/>; the default is the property's initial value. A bool property is a flag (unless its
/// syntax is <see cref="Syntax.Bool"/>: true or false); an
/// <see cref="IReadOnlyList{T}"/> with <see cref="Repeatable"/> collects every value given.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionAttribute(string name, OptionScope scope, string help) : Attribute
{
    public string Name { get; } = name;

    public OptionScope Scope { get; } = scope;

    public string Help { get; } = help;

    /// <summary>The value's placeholder in the help, e.g. OS/ARCH.</summary>
    public string? Value { get; set; }

    public Syntax Syntax { get; set; }

    public bool Repeatable { get; set; }

    public string[]? Aliases { get; set; }

    /// <summary>The error line when the run has none of the option's scopes, if the scope's own line does not fit.</summary>
    public string? WhenUnused { get; set; }

    /// <summary>
    /// The build setting (a property of <see cref="Docker.DockerBuildSettings"/>) that takes this option's value as given,
    /// in every image build of the suite; null: the planner derives the settings from it.
    /// </summary>
    public string? Feeds { get; set; }
}

/// <summary>Marks a property whose record holds options of its own (declared the same way), e.g. the TensorRT-LLM wheel options.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OptionGroupAttribute : Attribute
{
}
