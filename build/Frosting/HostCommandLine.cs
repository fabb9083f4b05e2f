using System.Reflection;
using Build.Options;
using Cake.Core;

namespace Build.Frosting;

/// <summary>
/// The host's command line: Frosting's own options (<see cref="HostOptions"/>) and the context's declared options,
/// parsed together by one parser; the help lists each option once, the version names the host and Cake.
/// </summary>
public sealed class HostCommandLine(IReadOnlyList<OptionSpec> contextOptions)
{
    public IReadOnlyList<OptionSpec> ContextOptions { get; } = contextOptions;

    public (HostOptions Host, ParsedArguments Context) Parse(IReadOnlyList<string> args)
    {
        var parsed = ArgumentParser.Parse(args, [.. HostOptions.Specs, .. ContextOptions]);
        return (HostOptions.From(parsed), parsed.Without(HostOptions.Specs.Select(s => s.Name)));
    }

    public void WriteHelp(TextWriter writer, string usage, IReadOnlyList<string> taskNames)
    {
        writer.WriteLine(usage);
        writer.WriteLine();
        writer.WriteLine("Host options (Cake.Frosting's):");
        WriteOptions(writer, HostOptions.Specs);
        writer.WriteLine();
        writer.WriteLine("Build options:");
        WriteOptions(writer, ContextOptions);
        writer.WriteLine();
        writer.WriteLine($"Tasks: {string.Join(", ", taskNames)}");
    }

    public static void WriteVersion(TextWriter writer)
    {
        var version = typeof(HostCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        writer.WriteLine($"build host {version} (Cake {typeof(ICakeContext).Assembly.GetName().Version})");
    }

    /// <summary>One line per option: its names (with the value's placeholder) and its help.</summary>
    public static void WriteOptions(TextWriter writer, IEnumerable<OptionSpec> specs)
    {
        foreach (var spec in specs)
        {
            var names = string.Join(", ", spec.AllNames.Select(n => spec.Arity == OptionArity.Flag ? n : $"{n} {spec.ValueName ?? "VALUE"}"));
            writer.WriteLine($"  {names,-44} {spec.Help}");
        }
    }
}
