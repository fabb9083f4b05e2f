using System.Reflection;

namespace Build.Options;

/// <summary>
/// The options a record declares with <see cref="OptionAttribute"/>, in declaration order, and the binding of parsed
/// words onto a fresh record: each given value is read by its <see cref="Syntax"/> and set on its property; an option
/// not given keeps the property's initial value (its default).
/// </summary>
public static class Declared<T>
    where T : new()
{
    private static readonly IReadOnlyList<Binding> Bindings = Collect(typeof(T), []).ToList();

    public static IReadOnlyList<OptionSpec> Specs { get; } = Bindings.Select(b => b.Spec).ToList();

    /// <summary>A record holding the given options' values; the first value that does not parse is a <see cref="UsageException"/>.</summary>
    public static T Bind(ParsedArguments args)
    {
        var record = new T();
        foreach (var binding in Bindings)
        {
            var given = args.Options.Where(o => ReferenceEquals(o.Spec, binding.Spec)).ToList();
            if (given.Count == 0)
            {
                continue;
            }

            var owner = binding.Groups.Aggregate((object)record, (o, group) => group.GetValue(o)!);
            binding.Property.SetValue(owner, binding.Read(given));
        }

        return record;
    }

    /// <summary>The values of the options that feed a build setting (<see cref="OptionAttribute.Feeds"/>): the setting's name and the value.</summary>
    public static IEnumerable<(string Setting, object? Value)> Feeds(T record) => Bindings
        .Where(b => b.Option.Feeds is not null)
        .Select(b => (b.Option.Feeds!, b.Property.GetValue(b.Groups.Aggregate((object)record!, (o, group) => group.GetValue(o)!))));

    private static IEnumerable<Binding> Collect(Type type, PropertyInfo[] path)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<OptionGroupAttribute>() is not null)
            {
                foreach (var inner in Collect(property.PropertyType, [.. path, property]))
                {
                    yield return inner;
                }
            }
            else if (property.GetCustomAttribute<OptionAttribute>() is { } option)
            {
                yield return new Binding(option, property, path);
            }
        }
    }

    private sealed class Binding
    {
        public Binding(OptionAttribute option, PropertyInfo property, PropertyInfo[] path)
        {
            Option = option;
            Property = property;
            Groups = path;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            ElementType = option.Repeatable ? type.GetGenericArguments().Single() : type;
            Spec = new OptionSpec(option.Name, type == typeof(bool) && option.Syntax == Syntax.Default ? OptionArity.Flag : OptionArity.Value, option.Help, option.Value,
                option.Repeatable, option.Aliases, option.Scope, option.WhenUnused);
        }

        public OptionAttribute Option { get; }

        public PropertyInfo Property { get; }

        public PropertyInfo[] Groups { get; }

        public OptionSpec Spec { get; }

        private Type ElementType { get; }

        public object Read(IReadOnlyList<ParsedOption> given)
        {
            if (Spec.Arity == OptionArity.Flag)
            {
                return true;
            }

            if (!Option.Repeatable)
            {
                // The last value wins (docs/decisions.md §1.1).
                return Grammar.Read(Option.Syntax, ElementType, given[^1].As ?? Option.Name, given[^1].Value!);
            }

            var values = Array.CreateInstance(ElementType, given.Count);
            for (var i = 0; i < given.Count; i++)
            {
                values.SetValue(Grammar.Read(Option.Syntax, ElementType, given[i].As ?? Option.Name, given[i].Value!), i);
            }

            return values;
        }
    }
}
