namespace Build.Tests.Architecture;

/// <summary>
/// The build host's folders depend one way, checked on the compiled assembly's type references:
/// command lines &lt;- docker settings &lt;- options &lt;- context &lt;- facts &lt;- planning &lt;- execution &lt;- tasks &lt;- host.
/// And planning and the context model read nothing from the world: their inputs are options, facts and texts.
/// </summary>
public sealed class LayerTests
{
    /// <summary>Each namespace and the namespaces of this assembly it may use (declared once, here).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        ["Build.CommandLine"] = [],
        ["Build.Docker"] = ["Build.CommandLine"],
        ["Build.Versioning"] = [],
        ["Build.Options"] = ["Build.CommandLine", "Build.Docker"],

        // container/context.yaml as typed data: schema, parser, overlays, which Dockerfile ARG a key feeds (pure;
        // the file is read by Build.Facts.ContextLoader).
        ["Build.Context"] = ["Build.CommandLine", "Build.Docker", "Build.Options"],
        ["Build.Facts"] = ["Build.CommandLine", "Build.Docker", "Build.Options", "Build.Context", "Build.Versioning"],
        ["Build.Planning"] = ["Build.CommandLine", "Build.Docker", "Build.Options", "Build.Context", "Build.Versioning", "Build.Facts"],
        ["Build.Execution"] = ["Build.CommandLine", "Build.Docker", "Build.Options", "Build.Context", "Build.Versioning", "Build.Facts", "Build.Planning"],
        ["Build.Tasks"] = ["Build.CommandLine", "Build.Docker", "Build.Options", "Build.Context", "Build.Versioning", "Build.Facts", "Build.Planning", "Build.Execution", "Build.Frosting", "Build"],

        // The host: the Frosting-shaped framework (options, the three error classes), the front doors, and the
        // composition root (namespace Build: context, lifetime, host), which may use everything.
        ["Build.Frosting"] = ["Build.Options", "Build.Execution", "Build.Facts"],
        // The front doors print the host's option help with the host's formatter (the host split moves it).
        ["Build.FrontDoor"] = ["Build.Options", "Build.CommandLine", "Build.Frosting", "Build"],
        ["Build"] = ["*"],
    };

    /// <summary>Types planning must not touch: the file system, processes, the network, the environment, git, Cake's I/O.</summary>
    private static readonly string[] ForbiddenInPlanning =
    [
        "System.IO.File", "System.IO.Directory", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo",
        "System.IO.FileStream", "System.IO.StreamReader", "System.IO.StreamWriter", "System.IO.DriveInfo", "System.IO.FileSystemWatcher",
        "System.Diagnostics.Process", "System.Diagnostics.ProcessStartInfo", "System.Environment", "System.Console",
        "System.Net.*", "LibGit2Sharp.*", "Cake.Core.IO.*", "Cake.Core.ICakeContext", "Cake.Core.ICakeEnvironment",
    ];

    private static readonly IReadOnlyDictionary<string, (string Namespace, IReadOnlySet<string> References)> Types =
        AssemblyReferences.Read(typeof(BuildContext).Assembly.Location);

    /// <summary>Members of forbidden types that are not I/O and that the compiler itself emits (iterators read the thread id).</summary>
    private static readonly string[] Harmless = ["System.Environment::get_CurrentManagedThreadId"];

    /// <summary>Build.X for Build.X.Y; the top-level program counts as the host; the compiler's own helper types as nothing.</summary>
    private static string Layer(string type, string ns) =>
        ns.Length > 0 ? string.Join('.', ns.Split('.').Take(2)) : type.StartsWith('<') ? string.Empty : "Build";

    private static bool IsForbidden(string reference)
    {
        var type = reference.Split("::")[0];
        var forbidden = ForbiddenInPlanning.Any(f => f.EndsWith(".*", StringComparison.Ordinal) ? type.StartsWith(f[..^1], StringComparison.Ordinal) : type == f);

        // Environment is judged by its members (the scan lists Type::Member), so the compiler's harmless use passes.
        return forbidden && !Harmless.Contains(reference) && (type != "System.Environment" || reference.Contains("::", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_namespace_of_the_host_has_its_place_in_the_layers()
    {
        var unplaced = Types.Select(t => Layer(t.Key, t.Value.Namespace)).Where(l => l.StartsWith("Build", StringComparison.Ordinal) && !Allowed.ContainsKey(l)).Distinct();
        Assert.Empty(unplaced);
    }

    [Fact]
    public void Namespaces_use_only_the_layers_below_them()
    {
        var ownTypes = Types.ToDictionary(t => t.Key, t => Layer(t.Key, t.Value.Namespace), StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var (name, (ns, references)) in Types)
        {
            var from = Layer(name, ns);
            if (!Allowed.TryGetValue(from, out var allowed) || allowed.Contains("*"))
            {
                continue;
            }

            foreach (var reference in references)
            {
                if (ownTypes.TryGetValue(reference, out var to) && to.StartsWith("Build", StringComparison.Ordinal) && to != from && !allowed.Contains(to))
                {
                    violations.Add($"{name} ({from}) uses {reference} ({to})");
                }
            }
        }

        Assert.True(violations.Count == 0, string.Join("\n", violations.Order(StringComparer.Ordinal)));
    }

    [Theory]
    [InlineData("Build.Planning")]
    [InlineData("Build.Context")]
    public void Planning_and_the_context_model_do_no_io(string layer)
    {
        Assert.Contains(Types, t => Layer(t.Key, t.Value.Namespace) == layer);
        var violations = Types
            .Where(t => Layer(t.Key, t.Value.Namespace) == layer)
            .SelectMany(t => t.Value.References.Where(IsForbidden).Select(r => $"{t.Key} uses {r}"))
            .Order(StringComparer.Ordinal);
        Assert.True(!violations.Any(), string.Join("\n", violations));
    }

    /// <summary>The scan itself sees what the checks look for: the facts read files, git, processes and sockets.</summary>
    [Fact]
    public void The_scan_finds_the_io_the_facts_do()
    {
        var facts = Types.Where(t => Layer(t.Key, t.Value.Namespace) == "Build.Facts").SelectMany(t => t.Value.References).ToHashSet();
        Assert.Contains("System.IO.File", facts);
        Assert.Contains("System.IO.Directory", facts);
        Assert.Contains("LibGit2Sharp.Repository", facts);
        Assert.Contains("System.Diagnostics.Process", facts);
        Assert.Contains("System.Net.NetworkInformation.IPGlobalProperties", facts);
        Assert.Contains("System.Environment::GetEnvironmentVariable", facts);
        Assert.Contains(facts, IsForbidden);

        // And edges between the host's own namespaces (a task uses the planning types it returns).
        Assert.Contains("Build.Planning.PlanStep", Types["Build.Tasks.BuildBaseImageTask"].References);
        Assert.Contains("Build.Planning.ImageBuildComposer", Types["Build.Tasks.BuildBaseImageTask"].References);
    }
}
