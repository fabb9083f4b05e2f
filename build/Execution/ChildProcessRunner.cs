using System.Collections.Concurrent;
using System.Diagnostics;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;

namespace Build.Execution;

/// <summary>
/// Cake's process runner, in our own hands so that the host knows its children: every tool (docker, git) started
/// through Cake's tool layer comes here, is registered with <see cref="Interruption"/> (signals reach it) and, when
/// the host was told to stop, ends the run with <see cref="RunInterruptedException"/> once the child has exited.
/// As Cake's runner: the argument string Cake's argument builder renders, its safe rendering (secret arguments as
/// [REDACTED]) in the log, the settings' working directory, environment, standard input and output handlers.
/// </summary>
public sealed class ChildProcessRunner(ICakeEnvironment environment, ICakeLog log) : IProcessRunner
{
    public IProcess Start(FilePath filePath, ProcessSettings settings)
    {
        var arguments = settings.Arguments ?? new ProcessArgumentBuilder();
        var fileName = filePath.MakeAbsolute(environment).FullPath;
        var info = new ProcessStartInfo(fileName)
        {
            Arguments = arguments.Render(),
            UseShellExecute = false,
            RedirectStandardInput = settings.StandardInput is not null,
            RedirectStandardOutput = settings.RedirectStandardOutput,
            RedirectStandardError = settings.RedirectStandardError,
        };
        if (!settings.NoWorkingDirectory)
        {
            info.WorkingDirectory = (settings.WorkingDirectory ?? environment.WorkingDirectory).MakeAbsolute(environment).FullPath;
        }

        foreach (var (name, value) in settings.EnvironmentVariables ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var safe = arguments.RenderSafe();
        if (!settings.Silent)
        {
            log.Verbose(Verbosity.Diagnostic, "Executing: {0}", $"\"{fileName}\" {safe}".TrimEnd());
        }

        var what = $"{System.IO.Path.GetFileName(fileName)} {arguments.FirstOrDefault()?.RenderSafe()}".TrimEnd();
        var query = Interruption.Querying;
        var process = Interruption.Start(info, what);
        return new ChildProcess(process, settings, what, query);
    }

    /// <summary>A started child: its output lines as Cake's process gives them, its exit awaited and reported to <see cref="Interruption"/>.</summary>
    private sealed class ChildProcess : IProcess
    {
        private readonly Process process;
        private readonly string what;
        private readonly bool query;
        private readonly ConcurrentQueue<string> output = new();
        private readonly ConcurrentQueue<string> error = new();

        public ChildProcess(Process process, ProcessSettings settings, string what, bool query)
        {
            this.process = process;
            this.what = what;
            this.query = query;
            if (settings.RedirectStandardOutput)
            {
                process.OutputDataReceived += (_, e) => Keep(e.Data, settings.RedirectedStandardOutputHandler, output);
                process.BeginOutputReadLine();
            }

            if (settings.RedirectStandardError)
            {
                process.ErrorDataReceived += (_, e) => Keep(e.Data, settings.RedirectedStandardErrorHandler, error);
                process.BeginErrorReadLine();
            }

            if (settings.StandardInput is { } input)
            {
                // Cake's payload is bytes (a string converts as UTF-8): written as they are.
                process.StandardInput.BaseStream.Write(input.Span);
                process.StandardInput.Close();
            }
        }

        public void WaitForExit()
        {
            process.WaitForExit();
            Finished();
        }

        public bool WaitForExit(int milliseconds)
        {
            if (!process.WaitForExit(milliseconds))
            {
                return false;
            }

            Finished();
            return true;
        }

        public int GetExitCode() => process.ExitCode;

        public IEnumerable<string> GetStandardError() => error;

        public IEnumerable<string> GetStandardOutput() => output;

        public void Kill()
        {
            process.Kill(entireProcessTree: true);
            Finished();
        }

        public void Dispose() => process.Dispose();

        private static void Keep(string? line, Func<string, string>? handler, ConcurrentQueue<string> queue)
        {
            if (line is null)
            {
                return;
            }

            var kept = handler is null ? line : handler(line);
            if (kept is not null)
            {
                queue.Enqueue(kept);
            }
        }

        /// <summary>
        /// The child is gone. A run that was told to stop ends here when the child did not complete; a child that
        /// completed (exit 0: a push that reached the registry as the signal came) is recorded by its caller, and the
        /// run ends before the next step. A question's answer goes to its caller either way.
        /// </summary>
        private void Finished()
        {
            process.WaitForExit();
            Interruption.Exited(process, query);
            if (process.ExitCode != 0 && !query)
            {
                Interruption.ThrowIfRequested(what);
            }
        }
    }
}
