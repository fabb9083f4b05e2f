using System.Diagnostics;

namespace Build.Tests.Support;

/// <summary>
/// Starts a server that cannot outlive the test process: it runs under a small shell that holds a pipe from this
/// process and stops the server when the pipe closes, which the kernel does however this process ends (also when the
/// test host is killed, where no exit handler runs). An orphaned server would keep its port, and every file descriptor
/// it inherited (such as a lock taken around the test run), for ever.
/// </summary>
public static class ParentBoundProcess
{
    private const string Guard = "\"$@\" </dev/null & pid=$!; cat >/dev/null; kill $pid 2>/dev/null; wait $pid";

    /// <summary>Like <see cref="Process.Start(ProcessStartInfo)"/> for <paramref name="program"/>; output redirected as asked.</summary>
    public static Process Start(string program, IEnumerable<string> arguments, bool redirectOutput = true)
    {
        var info = new ProcessStartInfo("/bin/sh", ["-c", Guard, "sh", program, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = redirectOutput,
            RedirectStandardError = redirectOutput,
        };
        return Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
    }

    /// <summary>Stops the server: closes the pipe (the shell stops it and waits), then makes sure of it.</summary>
    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }
    }
}
