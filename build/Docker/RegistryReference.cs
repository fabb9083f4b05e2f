using System.Text.RegularExpressions;

namespace Build.Docker;

/// <summary>What makes a text not a <see cref="RegistryReference"/>, the host checked first.</summary>
public enum RegistryProblem
{
    /// <summary>The host is not one docker reads as a registry.</summary>
    Host,

    /// <summary>The namespace after the host is not lowercase path components.</summary>
    Namespace,
}

/// <summary>
/// A registry and a namespace in it, HOST[:PORT][/NAMESPACE], as --registry and --cache-registry name them: split at
/// the first '/' and checked here once; each option words its own error.
/// </summary>
/// <param name="Host">HOST[:PORT], everything before the first '/'.</param>
/// <param name="Namespace">Everything after the first '/' as written; null without a '/'.</param>
public sealed partial record RegistryReference(string Host, string? Namespace)
{
    public static RegistryReference Split(string value)
    {
        var slash = value.IndexOf('/');
        return slash < 0 ? new(value, null) : new(value[..slash], value[(slash + 1)..]);
    }

    /// <summary>What is wrong, the host first; null when the host is a registry and the namespace (if any) is valid.</summary>
    public RegistryProblem? Problem =>
        !HostPattern().IsMatch(Host) || !NamesRegistry(Host) ? RegistryProblem.Host
        : Namespace is not null && (Namespace.Length == 0 || !Namespace.Split('/').All(c => NamespacePattern().IsMatch(c))) ? RegistryProblem.Namespace
        : null;

    /// <summary>Docker reads a name's first component as a registry only when it has a '.' or a ':' or is localhost.</summary>
    public static bool NamesRegistry(string component) => component.Contains('.') || component.Contains(':') || component == "localhost";

    [GeneratedRegex(@"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex("^[a-z0-9]+([._-][a-z0-9]+)*$")]
    private static partial Regex NamespacePattern();
}
