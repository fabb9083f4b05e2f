using System.Text.RegularExpressions;
using Build.Docker;

namespace Build.Options;

/// <summary>
/// The options of the frontend/EPP builds and of publishing (issue 5): BuildEpp, BuildFrontend, Publish. Each is
/// accepted only when its task runs, like the build options of one task (--uid without a local-dev build is an error).
/// </summary>
public sealed partial record ReleaseOptions
{
    public const string BuildEppTask = "BuildEpp";
    public const string BuildFrontendTask = "BuildFrontend";
    public const string PublishTask = "Publish";
    public const string CiMatrixTask = "CiMatrix";
    public const string DefaultPasswordVariable = "DOCKER_REGISTRY_PASSWORD";
    public const string DefaultPythonVersion = "3.12";

    /// <summary>A Gateway API Inference Extension tree to build in place (--gaie-dir).</summary>
    public string? GaieDir { get; init; }

    /// <summary>A GAIE repository to clone (--gaie-git) at <see cref="GaieRef"/>.</summary>
    public string? GaieGit { get; init; }

    public string? GaieRef { get; init; }

    /// <summary>The patch folder (--epp-patches); null means container/epp-patches/ (which may hold no patch).</summary>
    public string? EppPatches { get; init; }

    public string? DynamoCapiLib { get; init; }

    public string? DynamoCapiInclude { get; init; }

    /// <summary>Replaces the versioned EPP tag dynamo-epp:&lt;VERSION&gt; (dynamo-epp:latest is still added).</summary>
    public ImageReference? EppTag { get; init; }

    /// <summary>BUILDER_IMAGE of Dockerfile.epp; null keeps the Dockerfile's default.</summary>
    public string? EppBuilderImage { get; init; }

    /// <summary>BASE_IMAGE of Dockerfile.epp; null keeps the Dockerfile's default.</summary>
    public string? EppBaseImage { get; init; }

    /// <summary>An existing EPP image for BuildFrontend; BuildEpp is then skipped.</summary>
    public ImageReference? EppImage { get; init; }

    /// <summary>PYTHON_VERSION of Dockerfile.frontend: the Python the copied venv must run with.</summary>
    public string PythonVersion { get; init; } = DefaultPythonVersion;

    public RegistryTarget? Registry { get; init; }

    /// <summary>Images to publish instead of the ones this run builds (--publish-image, repeatable).</summary>
    public IReadOnlyList<ImageReference> PublishImages { get; init; } = [];

    public bool PushLatest { get; init; }

    public bool AllowDirty { get; init; }

    public bool AllowUntagged { get; init; }

    public string? RegistryUser { get; init; }

    public string RegistryPasswordVariable { get; init; } = DefaultPasswordVariable;

    /// <summary>The docker stages CiMatrix crosses with the frameworks (--matrix-stages; default dev).</summary>
    public IReadOnlyList<string> MatrixStages { get; init; } = ["dev"];

    public static readonly IReadOnlyList<OptionSpec> Specs =
    [
        new("--gaie-dir", OptionArity.Value, "BuildEpp: a Gateway API Inference Extension source tree, patched and built in place.", "DIR"),
        new("--gaie-git", OptionArity.Value, "BuildEpp: a GAIE repository to clone into .build/epp/ (with --gaie-ref).", "URL"),
        new("--gaie-ref", OptionArity.Value, "BuildEpp: the branch, tag or commit of --gaie-git to build.", "REF"),
        new("--epp-patches", OptionArity.Value, "BuildEpp: folder of *.patch files applied in name order (default container/epp-patches/).", "DIR"),
        new("--dynamo-capi-lib", OptionArity.Value, "BuildEpp: prebuilt Dynamo C library copied into the dynamo_kv_scorer plugin's lib/.", "FILE"),
        new("--dynamo-capi-include", OptionArity.Value, "BuildEpp: Dynamo C header copied into the dynamo_kv_scorer plugin's include/.", "FILE"),
        new("--epp-tag", OptionArity.Value, "BuildEpp: tag instead of dynamo-epp:<VERSION> (dynamo-epp:latest is still added).", "IMAGE:TAG"),
        new("--epp-builder-image", OptionArity.Value, "BuildEpp: Go builder image (BUILDER_IMAGE of container/Dockerfile.epp).", "IMAGE"),
        new("--epp-base-image", OptionArity.Value, "BuildEpp: runtime base image (BASE_IMAGE of container/Dockerfile.epp).", "IMAGE"),
        new("--epp-image", OptionArity.Value, "BuildFrontend: use this EPP image instead of building one (BuildEpp is skipped).", "IMAGE"),
        new("--python-version", OptionArity.Value, $"BuildFrontend: the venv's Python, X.Y (PYTHON_VERSION; default {DefaultPythonVersion}).", "X.Y"),
        new("--registry", OptionArity.Value, "Publish: the registry to push to, HOST[:PORT][/NAMESPACE].", "REGISTRY"),
        new("--publish-image", OptionArity.Value, "Publish: push this local image instead of the ones this run builds; repeatable.", "IMAGE", Repeatable: true),
        new("--push-latest", OptionArity.Flag, "Publish: push the latest-* tags although HEAD is not exactly tagged."),
        new("--allow-dirty", OptionArity.Flag, "Publish: publish from a working tree with uncommitted changes."),
        new("--allow-untagged", OptionArity.Flag, "Publish: publish a --release-build from a HEAD that is not exactly tagged."),
        new("--registry-user", OptionArity.Value, "Publish: log in to the registry as USER first (docker login --password-stdin).", "USER"),
        new("--registry-password-env", OptionArity.Value, $"Publish: the environment variable holding the registry password (default {DefaultPasswordVariable}).", "VAR"),
        new("--matrix-stages", OptionArity.Value, "CiMatrix: comma-separated docker stages to cross with --framework (default dev).", "STAGE[,STAGE]"),
    ];

    private static readonly string[] EppOnly =
        ["--gaie-dir", "--gaie-git", "--gaie-ref", "--epp-patches", "--dynamo-capi-lib", "--dynamo-capi-include", "--epp-builder-image", "--epp-base-image"];

    private static readonly string[] PublishOnly =
        ["--registry", "--publish-image", "--push-latest", "--allow-dirty", "--allow-untagged", "--registry-user", "--registry-password-env"];

    /// <summary>Reads and checks the options against the tasks that run; the first problem is a <see cref="UsageException"/>.</summary>
    /// <param name="tasks">The tasks of this run in order (what Cake runs, before criteria).</param>
    /// <param name="workingDirectory">Relative paths are taken from here.</param>
    public static ReleaseOptions Parse(ParsedArguments args, IReadOnlyList<string> tasks, string workingDirectory)
    {
        var epp = tasks.Contains(BuildEppTask);
        var frontend = tasks.Contains(BuildFrontendTask);
        var publish = tasks.Contains(PublishTask);

        var options = new ReleaseOptions
        {
            GaieDir = Existing("--gaie-dir", args.Value("--gaie-dir"), workingDirectory, directory: true),
            GaieGit = ParseGitUrl(args.Value("--gaie-git"), workingDirectory),
            GaieRef = args.Value("--gaie-ref"),
            EppPatches = Existing("--epp-patches", args.Value("--epp-patches"), workingDirectory, directory: true),
            DynamoCapiLib = Existing("--dynamo-capi-lib", args.Value("--dynamo-capi-lib"), workingDirectory, directory: false),
            DynamoCapiInclude = Existing("--dynamo-capi-include", args.Value("--dynamo-capi-include"), workingDirectory, directory: false),
            EppTag = BuildOptions.ParseReference("--epp-tag", args.Value("--epp-tag")),
            EppBuilderImage = BuildOptions.ParseReference("--epp-builder-image", args.Value("--epp-builder-image"))?.ToString(),
            EppBaseImage = BuildOptions.ParseReference("--epp-base-image", args.Value("--epp-base-image"))?.ToString(),
            EppImage = BuildOptions.ParseReference("--epp-image", args.Value("--epp-image"), allowDigest: true),
            PythonVersion = ParsePythonVersion(args.Value("--python-version")),
            Registry = args.Value("--registry") is { } registry ? RegistryTarget.Parse(registry) : null,
            PublishImages = args.Values("--publish-image").Select(v => BuildOptions.ParseReference("--publish-image", v)!).ToList(),
            PushLatest = args.Has("--push-latest"),
            AllowDirty = args.Has("--allow-dirty"),
            AllowUntagged = args.Has("--allow-untagged"),
            RegistryUser = args.Value("--registry-user"),
            RegistryPasswordVariable = ParseVariable(args.Value("--registry-password-env")),
            MatrixStages = ParseStages(args.Value("--matrix-stages")),
        };

        // Options of a task that does not run would be silently ignored: refuse them instead.
        var eppBuilds = epp && options.EppImage is null;
        var unused = EppOnly.FirstOrDefault(o => args.Has(o) && !eppBuilds)
            ?? (args.Has("--epp-tag") && !eppBuilds ? "--epp-tag" : null)
            ?? (args.Has("--epp-image") && !frontend ? "--epp-image" : null)
            ?? (args.Has("--python-version") && !frontend ? "--python-version" : null)
            ?? PublishOnly.FirstOrDefault(o => args.Has(o) && !publish)
            ?? (args.Has("--matrix-stages") && !tasks.Contains(CiMatrixTask) ? "--matrix-stages" : null);
        if (unused is not null)
        {
            var task = PublishOnly.Contains(unused) ? PublishTask
                : unused is "--epp-image" or "--python-version" ? BuildFrontendTask
                : unused == "--matrix-stages" ? CiMatrixTask
                : BuildEppTask;
            var why = task == BuildEppTask && options.EppImage is not null
                ? "BuildEpp, which --epp-image skips"
                : $"--target {task}";
            throw new UsageException($"{unused} is only used by {why}.");
        }

        if (eppBuilds)
        {
            if (options.GaieDir is not null && options.GaieGit is not null)
            {
                throw new UsageException("--gaie-dir and --gaie-git both name the GAIE source: give one.");
            }

            if (options.GaieDir is null && options.GaieGit is null)
            {
                throw new UsageException("BuildEpp needs the Gateway API Inference Extension source: --gaie-dir DIR, or --gaie-git URL --gaie-ref REF (or give --epp-image IMAGE to BuildFrontend instead).");
            }

            if (options.GaieGit is not null && options.GaieRef is null)
            {
                throw new UsageException("--gaie-git needs --gaie-ref REF: the branch, tag or commit to build (e.g. v0.5.1).");
            }

            if (options.GaieDir is not null && options.GaieRef is not null)
            {
                throw new UsageException("--gaie-ref picks what --gaie-git clones; with --gaie-dir the tree is built as it is checked out.");
            }
        }

        if (publish)
        {
            if (options.Registry is null)
            {
                throw new UsageException("Publish needs --registry HOST[:PORT][/NAMESPACE], e.g. --registry registry.example.com/team.");
            }

            if (options.RegistryUser is null && args.Has("--registry-password-env"))
            {
                throw new UsageException("--registry-password-env names the password of --registry-user USER: give the user too (without it, docker's stored login is used).");
            }

            // A real run logs in with the variable's value; a dry run only names the variable.
            if (options.RegistryUser is not null && !args.Has("--dry-run") && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(options.RegistryPasswordVariable)))
            {
                throw new UsageException($"--registry-user {options.RegistryUser}: the password variable {options.RegistryPasswordVariable} is empty or unset; export it (or name another with --registry-password-env VAR): the password never goes on the command line.");
            }
        }

        return options;
    }

    /// <summary>BuildFrontend builds on the none framework's dev image: without --framework, that is the framework.</summary>
    public BuildOptions Adjust(BuildOptions build, ParsedArguments args, IReadOnlyList<string> tasks)
    {
        if (!tasks.Contains(BuildFrontendTask) || !tasks.Contains("BuildDevImage"))
        {
            return build;
        }

        if (!args.Has("--framework"))
        {
            return build with { Frameworks = [Framework.None] };
        }

        if (!build.Frameworks.Contains(Framework.None))
        {
            throw new UsageException($"--framework {string.Join(",", build.Frameworks.Select(f => f.Lower))}: BuildFrontend builds on the none framework's dev image; include none (or drop --framework).");
        }

        return build;
    }

    private static string? Existing(string option, string? value, string workingDirectory, bool directory)
    {
        if (value is null)
        {
            return null;
        }

        var full = Path.GetFullPath(value, workingDirectory);
        if (directory ? !Directory.Exists(full) : !File.Exists(full))
        {
            throw new UsageException($"{option} '{value}' is not an existing {(directory ? "directory" : "file")}.");
        }

        return full;
    }

    private static string? ParseGitUrl(string? value, string workingDirectory)
    {
        if (value is null)
        {
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ssh" or "git" or "file")
        {
            if (uri.UserInfo.Contains(':'))
            {
                throw new UsageException("--gaie-git has a password in the URL: secrets never go on the command line; use a URL without it (a credential helper or SSH key supplies it).");
            }

            return value;
        }

        // scp-like SSH (git@host:path) or a local path.
        if (ScpLike().IsMatch(value))
        {
            return value;
        }

        var full = Path.GetFullPath(value, workingDirectory);
        if (!Directory.Exists(full))
        {
            throw new UsageException($"--gaie-git '{value}' is not a git URL (https://, ssh://, git@host:path) or an existing local repository.");
        }

        return full;
    }

    private static string ParsePythonVersion(string? value)
    {
        if (value is null)
        {
            return DefaultPythonVersion;
        }

        if (!PythonVersionPattern().IsMatch(value))
        {
            throw new UsageException($"--python-version '{value}' must be MAJOR.MINOR, e.g. 3.12.");
        }

        return value;
    }

    private static IReadOnlyList<string> ParseStages(string? value)
    {
        if (value is null)
        {
            return ["dev"];
        }

        var stages = value.Split(',', StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        var bad = stages.FirstOrDefault(s => !StagePattern().IsMatch(s) || s == "local-dev");
        if (bad is not null)
        {
            throw new UsageException($"--matrix-stages '{value}': '{bad}' is not a stage BuildImage builds (give stage names such as dev,runtime, comma-separated).");
        }

        return stages;
    }

    private static string ParseVariable(string? value)
    {
        if (value is null)
        {
            return DefaultPasswordVariable;
        }

        if (!VariableName().IsMatch(value))
        {
            throw new UsageException($"--registry-password-env '{value}' must be the NAME of an environment variable (letters, digits, '_'), not a password.");
        }

        return value;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.+$")]
    private static partial Regex ScpLike();

    [GeneratedRegex(@"^[0-9]+\.[0-9]+$")]
    private static partial Regex PythonVersionPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex StagePattern();
}

/// <summary>Where Publish pushes: a registry host (with an optional port) and an optional namespace path.</summary>
public sealed partial record RegistryTarget(string Host, string? Namespace)
{
    /// <summary>HOST[:PORT]/NAMESPACE, the prefix of every pushed name.</summary>
    public string Prefix => Namespace is null ? Host : $"{Host}/{Namespace}";

    public static RegistryTarget Parse(string value)
    {
        var slash = value.IndexOf('/');
        var host = slash < 0 ? value : value[..slash];
        var ns = slash < 0 ? null : value[(slash + 1)..].TrimEnd('/');
        // Docker reads the first component as a registry only when it has a '.' or a ':' or is localhost.
        if (!HostPattern().IsMatch(host) || !(host.Contains('.') || host.Contains(':') || host == "localhost"))
        {
            throw new UsageException($"--registry '{value}' must be HOST[:PORT][/NAMESPACE] with a registry host docker recognises (a name with a '.', a ':PORT', or localhost), e.g. registry.example.com/team or 127.0.0.1:5000.");
        }

        if (ns is not null && (ns.Length == 0 || !ns.Split('/').All(c => NamespacePattern().IsMatch(c))))
        {
            throw new UsageException($"--registry '{value}': the namespace '{ns}' must be lowercase path components (a-z, 0-9, '.', '_', '-').");
        }

        return new RegistryTarget(host, ns);
    }

    [GeneratedRegex(@"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")]
    private static partial Regex HostPattern();

    [GeneratedRegex("^[a-z0-9]+([._-][a-z0-9]+)*$")]
    private static partial Regex NamespacePattern();
}
