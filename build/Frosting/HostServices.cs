using Build.Execution;
using Build.Options;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Packaging;
using Cake.Core.Tooling;

namespace Build.Frosting;

/// <summary>
/// Cake's services for one run, made once: console, log, environment (its working directory is --working; the
/// process's own current directory is never changed), file system, configuration, tools, process runner, and the
/// Cake context built from them. Options are read typed from the build context only: Cake's own argument list stays empty.
/// </summary>
public sealed class HostServices
{
    public HostServices(HostOptions host)
    {
        var cakeEnvironment = new CakeEnvironment(new CakePlatform(), new CakeRuntime());
        Environment = new HostEnvironment(cakeEnvironment);
        Console = new HostConsole(new CakeConsole(cakeEnvironment));
        Log = new CakeBuildLog(Console, host.Verbosity);
        if (host.WorkingDirectory is not null)
        {
            var dir = System.IO.Path.GetFullPath(host.WorkingDirectory);
            if (!Directory.Exists(dir))
            {
                throw new UsageException($"--working '{host.WorkingDirectory}' is not a directory.");
            }

            Environment.WorkingDirectory = new DirectoryPath(dir);
        }

        var fileSystem = new FileSystem();
        Configuration = new CakeConfigurationProvider(fileSystem, Environment)
            .CreateConfiguration(Environment.WorkingDirectory, new Dictionary<string, string>());
        var globber = new Globber(fileSystem, Environment);
        var tools = new ToolLocator(Environment, new ToolRepository(Environment),
            new ToolResolutionStrategy(fileSystem, Environment, globber, Configuration, Log));
        Data = new CakeDataService();
        Cake = new CakeContext(fileSystem, Environment, globber, Log, new CakeArguments(Array.Empty<string>().ToLookup(a => a)),
            new ChildProcessRunner(Environment, Log), new WindowsRegistry(), tools, Data,
            Configuration, new NoToolInstaller(), new EmptyServiceProvider());
    }

    public ICakeEnvironment Environment { get; }

    public HostConsole Console { get; }

    public ICakeLog Log { get; }

    public ICakeConfiguration Configuration { get; }

    public ICakeDataService Data { get; }

    public ICakeContext Cake { get; }
}

/// <summary>
/// Cake's environment with a working directory of the host's own: Cake's setter would change the whole process's
/// current directory. Processes Cake starts run there; our own relative paths are taken from it.
/// </summary>
public sealed class HostEnvironment(ICakeEnvironment inner) : ICakeEnvironment
{
    public DirectoryPath WorkingDirectory { get; set; } = inner.WorkingDirectory;

    public DirectoryPath UserHomeDirectory => inner.UserHomeDirectory;

    public DirectoryPath ApplicationRoot => inner.ApplicationRoot;

    public ICakePlatform Platform => inner.Platform;

    public ICakeRuntime Runtime => inner.Runtime;

    public DirectoryPath GetSpecialPath(SpecialPath path) => inner.GetSpecialPath(path);

    public string GetEnvironmentVariable(string variable) => inner.GetEnvironmentVariable(variable);

    public IDictionary<string, string> GetEnvironmentVariables() => inner.GetEnvironmentVariables();
}

/// <summary>
/// Cake's console, whose standard-output half can be sent to standard error (a real RunContainer: the host's standard
/// output is the container's, and Cake's headers and summary go to stderr) without redirecting the process's Console.
/// Colour only when standard output and error are both terminals and NO_COLOR is unset (https://no-color.org): piped
/// logs get no escape sequences. Quiet drops Cake's output altogether (a real RunContainer prints docker's alone).
/// </summary>
public sealed class HostConsole(IConsole inner) : IConsole
{
    /// <summary>Whether colour is on: decided once, from the process's streams and NO_COLOR.</summary>
    public static readonly bool Colour =
        string.IsNullOrEmpty(System.Environment.GetEnvironmentVariable("NO_COLOR")) && !System.Console.IsOutputRedirected && !System.Console.IsErrorRedirected;

    public bool ToStandardError { get; set; }

    /// <summary>Cake's headers, task table and error lines are dropped (the host's own ERROR line is not Cake's).</summary>
    public bool Quiet { get; set; }

    public ConsoleColor ForegroundColor
    {
        get => Colour ? inner.ForegroundColor : ConsoleColor.Gray;
        set
        {
            if (Colour)
            {
                inner.ForegroundColor = value;
            }
        }
    }

    public ConsoleColor BackgroundColor
    {
        get => Colour ? inner.BackgroundColor : ConsoleColor.Black;
        set
        {
            if (Colour)
            {
                inner.BackgroundColor = value;
            }
        }
    }

    public bool SupportAnsiEscapeCodes => Colour && inner.SupportAnsiEscapeCodes;

    public void Write(string format, params object[] arg)
    {
        if (Quiet)
        {
            return;
        }

        if (ToStandardError)
        {
            inner.WriteError(format, arg);
        }
        else
        {
            inner.Write(format, arg);
        }
    }

    public void WriteLine(string format, params object[] arg)
    {
        if (Quiet)
        {
            return;
        }

        if (ToStandardError)
        {
            inner.WriteErrorLine(format, arg);
        }
        else
        {
            inner.WriteLine(format, arg);
        }
    }

    public void WriteError(string format, params object[] arg)
    {
        if (!Quiet)
        {
            inner.WriteError(format, arg);
        }
    }

    public void WriteErrorLine(string format, params object[] arg)
    {
        if (!Quiet)
        {
            inner.WriteErrorLine(format, arg);
        }
    }

    public void ResetColor()
    {
        if (Colour)
        {
            inner.ResetColor();
        }
    }
}

/// <summary>The host installs no tools: docker is found on PATH or named with --docker-path.</summary>
internal sealed class NoToolInstaller : IToolInstaller
{
    public IEnumerable<FilePath> Install(PackageReference tool) =>
        throw new NotSupportedException($"Installing tools is not supported by this host ({tool.OriginalString}).");
}

internal sealed class EmptyServiceProvider : IServiceProvider
{
    public object? GetService(Type serviceType) => null;
}
