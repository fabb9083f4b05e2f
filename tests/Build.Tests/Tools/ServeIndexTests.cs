using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Build.Tests.Support;

namespace Build.Tests.Tools;

/// <summary>
/// tools/local-pypi/serve-index.py, the offline recipe's package index server: a port already in use stops it with one
/// line (a build must never install from another server), port 0 gives a free port and the arguments to use, and the
/// server it leaves in the background serves the index until killed by the pid it printed. Loopback only.
/// </summary>
[Trait("Category", "Process")]
public sealed partial class ServeIndexTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepoPaths.Root, "tools", "local-pypi", "serve-index.py");

    private readonly string dir = Directory.CreateTempSubdirectory("serve-index-").FullName;

    private string Index => Path.Combine(dir, "index");

    public ServeIndexTests()
    {
        var made = Run.Process("python3", [Path.Combine(RepoPaths.Root, "tools", "local-pypi", "make-index.py"), Index]);
        Assert.True(made.ExitCode == 0, made.ToString());
    }

    [Fact]
    public void A_port_in_use_stops_it_with_one_line_and_nothing_is_served()
    {
        // Another server on the port (any address: one on 0.0.0.0 holds 127.0.0.1's port too).
        foreach (var address in new[] { IPAddress.Loopback, IPAddress.Any })
        {
            using var other = new TcpListener(address, 0);
            other.Start();
            var port = ((IPEndPoint)other.LocalEndpoint).Port;

            var run = Run.Process("python3", [Script, Index, "--port", port.ToString()]);

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Output);
            var line = Assert.Single(run.ErrorLines);
            Assert.StartsWith($"serve-index: 127.0.0.1:{port} is in use", line, StringComparison.Ordinal);
            Assert.Contains("--port 0", line, StringComparison.Ordinal);
            Assert.False(File.Exists(Index + ".log"));
        }
    }

    [Fact]
    public async Task Port_0_serves_the_index_on_a_free_port_and_prints_the_arguments_and_the_pid()
    {
        var run = Run.Process("python3", [Script, Index, "--port", "0"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        var serving = Serving().Match(run.Output);
        Assert.True(serving.Success, run.Output);
        var (url, pid) = (serving.Groups[1].Value, int.Parse(serving.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            Assert.Contains($"--build-arg PIP_INDEX_URL={url} ", run.Output, StringComparison.Ordinal);
            Assert.Contains($"--tensorrtllm-index-url {url})", run.Output, StringComparison.Ordinal);

            // The command has returned: the server already listens, and it serves this index.
            using var http = new HttpClient();
            var page = await http.GetStringAsync(url + "/ai-dynamo/");
            Assert.Contains("ai_dynamo-", page, StringComparison.Ordinal);
        }
        finally
        {
            using var server = System.Diagnostics.Process.GetProcessById(pid);
            server.Kill();
            Assert.True(server.WaitForExit(30_000));
        }
    }

    [Fact]
    public void The_same_index_already_served_on_the_port_is_kept_and_another_index_is_refused()
    {
        var first = Run.Process("python3", [Script, Index, "--port", "0"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        var serving = Serving().Match(first.Output);
        var (url, pid) = (serving.Groups[1].Value, int.Parse(serving.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var port = new Uri(url).Port.ToString();
        try
        {
            var again = Run.Process("python3", [Script, Index, "--port", port]);
            Assert.True(again.ExitCode == 0, again.ToString());
            Assert.StartsWith($"Already served at {url} ", again.Output, StringComparison.Ordinal);

            var other = Path.Combine(dir, "other");
            Assert.Equal(0, Run.Process("python3", [Path.Combine(RepoPaths.Root, "tools", "local-pypi", "make-index.py"), other, "--version", "1.6.2"]).ExitCode);
            var refused = Run.Process("python3", [Script, other, "--port", port]);
            Assert.Equal(1, refused.ExitCode);
            Assert.StartsWith($"serve-index: 127.0.0.1:{port} is in use", Assert.Single(refused.ErrorLines), StringComparison.Ordinal);
        }
        finally
        {
            using var server = System.Diagnostics.Process.GetProcessById(pid);
            server.Kill();
            Assert.True(server.WaitForExit(30_000));
        }
    }

    [Fact]
    public void A_folder_without_an_index_is_refused_naming_make_index()
    {
        var run = Run.Process("python3", [Script, Path.Combine(dir, "missing")]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("make-index.py", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^Serving .* at (http://127\.0\.0\.1:\d+/simple) \(pid (\d+):", RegexOptions.Multiline)]
    private static partial Regex Serving();

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
