using System.Diagnostics;
using Build.Tests.Support;

namespace Build.Tests.Bootstrap.Support;

/// <summary>
/// A copy of the files the bootstrap reads (build/, the root props and the two scripts) in a temp folder whose path
/// has spaces and is reached through a symbolic link, published once by <c>build.sh</c> and shared by the tests of
/// the bootstrap; the user's own .build is never touched. Its first call is kept for the fresh-publish test.
/// </summary>
public sealed class BootstrapCheckout : IDisposable
{
    private static readonly string[] RootFiles = ["build.sh", "build.ps1", "Directory.Build.props", "global.json", "dotnet-tools.json", "cake.config"];

    private readonly string _temp = Path.Combine(Path.GetTempPath(), "bootstrap-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public BootstrapCheckout()
    {
        RealRoot = Path.Combine(_temp, "checkout with spaces");
        LinkRoot = Path.Combine(_temp, "link to checkout");
        Directory.CreateDirectory(RealRoot);
        Directory.CreateSymbolicLink(LinkRoot, RealRoot);
        foreach (var file in RootFiles)
        {
            File.Copy(Path.Combine(RepoPaths.Root, file), Path.Combine(RealRoot, file));
        }

        CopySources(Path.Combine(RepoPaths.Root, "build"), Path.Combine(RealRoot, "build"), topLevel: true);
        Pwsh = FindPwsh();
        FirstCall = Call("bash", LinkRoot);
    }

    /// <summary>The checkout's real folder (with spaces in its path).</summary>
    public string RealRoot { get; }

    /// <summary>A symbolic link to <see cref="RealRoot"/>: the path the tests call the scripts by unless they say otherwise.</summary>
    public string LinkRoot { get; }

    /// <summary>The real PowerShell (the <c>PowerShell</c> dotnet tool .ci/run installs).</summary>
    public string Pwsh { get; }

    public Run.Result FirstCall { get; }

    public string HostFolder => Path.Combine(RealRoot, ".build", "host");

    public string Manifest => Path.Combine(HostFolder, ".bootstrap-manifest");

    public string LockFile => Path.Combine(RealRoot, ".build", "host.lock");

    public const string BuildingMessage = "Building the build host (";

    /// <summary>Runs <c>build.sh --version</c> ("bash") or <c>build.ps1 --version</c> ("pwsh") from <paramref name="root"/>.</summary>
    public Run.Result Call(string shell, string? root = null)
    {
        var (file, args) = Command(shell, root ?? LinkRoot);
        return Run.Process(file, args, _temp, Environment);
    }

    private (string File, string[] Args) Command(string shell, string root) => shell switch
    {
        "bash" => ("bash", [Path.Combine(root, "build.sh"), "--version"]),
        "pwsh" => (Pwsh, ["-NoProfile", "-NonInteractive", "-File", Path.Combine(root, "build.ps1"), "--version"]),
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "bash or pwsh"),
    };

    /// <summary>Starts what <see cref="Call"/> runs without waiting for it; its standard error is read line by line as it comes.</summary>
    public RunningCall Start(string shell)
    {
        var (file, args) = Command(shell, LinkRoot);
        var info = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = _temp,
        };
        foreach (var (key, value) in Environment)
        {
            info.Environment[key] = value;
        }

        return new RunningCall(Process.Start(info)!);
    }

    /// <summary>Starts a process that holds the bootstrap's lock until disposed: <c>flock(1)</c> ("bash") or a
    /// PowerShell FileShare.None open ("pwsh"), the way each script takes it. Returns once the lock is held.</summary>
    public LockHolder HoldLock(string shell)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(LockFile)!);
        var info = shell == "bash"
            ? new ProcessStartInfo("flock", [LockFile, "-c", "echo held; read -r _"])
            : new ProcessStartInfo(Pwsh, ["-NoProfile", "-NonInteractive", "-Command",
                "$f = [IO.File]::Open($env:LOCK_FILE, 'OpenOrCreate', 'ReadWrite', 'None'); 'held'; [Console]::In.ReadLine() | Out-Null; $f.Dispose()"]);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.Environment["LOCK_FILE"] = LockFile;
        var process = Process.Start(info)!;
        Assert.Equal("held", process.StandardOutput.ReadLine());
        return new LockHolder(process);
    }

    public sealed class LockHolder(Process process) : IDisposable
    {
        private bool released;

        /// <summary>Releases the lock (once; a second call does nothing).</summary>
        public void Dispose()
        {
            if (released)
            {
                return;
            }

            released = true;
            process.StandardInput.WriteLine();
            process.StandardInput.Close();
            process.WaitForExit();
            process.Dispose();
        }
    }

    /// <summary>A call of <see cref="Start"/>: its standard error so far, a wait for one of its lines, its end.</summary>
    public sealed class RunningCall : IDisposable
    {
        private readonly Process process;
        private readonly Task<string> output;
        private readonly List<string> errorLines = [];
        private bool errorClosed;

        public RunningCall(Process process)
        {
            this.process = process;
            process.StandardInput.Close();
            output = process.StandardOutput.ReadToEndAsync();
            process.ErrorDataReceived += (_, e) =>
            {
                lock (errorLines)
                {
                    if (e.Data is null)
                    {
                        errorClosed = true;
                    }
                    else
                    {
                        errorLines.Add(e.Data);
                    }

                    Monitor.PulseAll(errorLines);
                }
            };
            process.BeginErrorReadLine();
        }

        public IReadOnlyList<string> ErrorLines
        {
            get
            {
                lock (errorLines)
                {
                    return [.. errorLines];
                }
            }
        }

        public bool HasExited => process.HasExited;

        /// <summary>
        /// Waits until the call writes <paramref name="line"/> to standard error: true when it did, false when its
        /// standard error closed without it or <paramref name="guard"/> (a hang guard, not a speed check) passed.
        /// </summary>
        public bool WaitForErrorLine(string line, TimeSpan guard)
        {
            var clock = Stopwatch.StartNew();
            lock (errorLines)
            {
                while (!errorLines.Contains(line))
                {
                    var left = guard - clock.Elapsed;
                    if (errorClosed || left <= TimeSpan.Zero)
                    {
                        return false;
                    }

                    Monitor.Wait(errorLines, left);
                }

                return true;
            }
        }

        /// <summary>Waits for the call to end (an hour's hang guard, as <see cref="Run.Process"/>) and gives what it wrote.</summary>
        public Run.Result Finish()
        {
            if (!process.WaitForExit(TimeSpan.FromHours(1)))
            {
                throw new TimeoutException("the bootstrap call did not finish in an hour");
            }

            process.WaitForExit();
            return new Run.Result(process.ExitCode, output.Result, string.Join('\n', ErrorLines));
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }
    }

    /// <summary>Keeps MSBuild from leaving build servers running from the temp folder.</summary>
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["DOTNET_NOLOGO"] = "1",
    };

    private static void CopySources(string from, string to, bool topLevel = false)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            var name = Path.GetFileName(dir);
            if (topLevel && name is "bin" or "obj")
            {
                continue;
            }

            CopySources(dir, Path.Combine(to, name));
        }
    }

    private static string FindPwsh()
    {
        var candidates = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".dotnet", "tools"))
            .Select(dir => Path.Combine(dir, "pwsh"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "PowerShell (pwsh) not found on PATH or in ~/.dotnet/tools: install it with `dotnet tool install --global PowerShell --version 7.6.9` (.ci/run does)");
    }

    public void Dispose()
    {
        Directory.Delete(_temp, recursive: true);
    }
}
