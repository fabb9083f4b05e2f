using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.Release.Support;

/// <summary>
/// A real registry for the publish tests: Debian's docker-registry (.ci/run installs it), started on 127.0.0.1 on a
/// port it picks itself (port 0) with a temporary storage folder, optionally with htpasswd authentication. The Docker
/// engine treats 127.0.0.0/8 registries as insecure-allowed, so plain HTTP works; only loopback traffic.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    public const string Executable = "/usr/bin/docker-registry";

    private readonly Process process;
    private readonly HttpClient http = new();

    public LocalRegistry(string? user = null, string? password = null)
    {
        Assert.True(File.Exists(Executable), $"These tests need Debian's docker-registry ({Executable}): .ci/run installs it (apt-get install docker-registry); tests install nothing.");
        Dir = Directory.CreateTempSubdirectory("registry-").FullName;
        var storage = Path.Combine(Dir, "storage");
        Directory.CreateDirectory(storage);
        var auth = string.Empty;
        if (user is not null)
        {
            // bcrypt, as the registry's htpasswd wants it (the system crypt(3) of Debian makes $2b$ hashes).
            var hash = Run.Process("python3", ["-W", "ignore", "-c", "import crypt, sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH)))", password!]);
            Assert.True(hash.ExitCode == 0 && hash.Output.StartsWith("$2", StringComparison.Ordinal), "bcrypt hash failed: " + hash.Error);
            File.WriteAllText(Path.Combine(Dir, "htpasswd"), $"{user}:{hash.Output.Trim()}\n");
            auth = $"auth:\n  htpasswd:\n    realm: test-registry\n    path: {Path.Combine(Dir, "htpasswd")}\n";
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        // Port 0: the registry binds a port of its own choosing and logs it ("listening on 127.0.0.1:PORT"), so no
        // port is picked, released and hoped for.
        var config = Path.Combine(Dir, "config.yml");
        File.WriteAllText(config, $"""
            version: 0.1
            log:
              level: info
              formatter: text
            storage:
              filesystem:
                rootdirectory: {storage}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:0
            {auth}
            """.Replace("\r", ""));
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Watch(string? line)
        {
            if (line is null)
            {
                return;
            }

            log.Enqueue(line);
            var match = System.Text.RegularExpressions.Regex.Match(line, @"listening on 127\.0\.0\.1:(\d+)");
            if (match.Success)
            {
                listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        process = ParentBoundProcess.Start(Executable, ["serve", config]);
        process.OutputDataReceived += (_, e) => Watch(e.Data);
        process.ErrorDataReceived += (_, e) => Watch(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Assert.True(listening.Task.Wait(TimeSpan.FromSeconds(30)), "docker-registry did not say where it listens:\n" + string.Join('\n', log));
        Port = listening.Task.Result;
        for (var i = 0; i < 100 && !Ready(); i++)
        {
            Thread.Sleep(100);
        }

        Assert.True(Ready(), $"docker-registry did not answer on 127.0.0.1:{Port}");
    }

    public string Dir { get; }

    public int Port { get; }

    /// <summary>HOST:PORT, as --registry takes it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>GET /v2/_catalog: every repository the registry holds.</summary>
    public IReadOnlyList<string> Catalog() =>
        JObject.Parse(Get("/v2/_catalog"))["repositories"]!.Select(t => (string)t!).Order(StringComparer.Ordinal).ToList();

    /// <summary>GET /v2/NAME/tags/list: the tags of a repository (empty when it does not exist).</summary>
    public IReadOnlyList<string> Tags(string name)
    {
        using var response = http.GetAsync(Url($"/v2/{name}/tags/list")).Result;
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var tags = JObject.Parse(response.Content.ReadAsStringAsync().Result)["tags"];
        return tags is null || tags.Type == JTokenType.Null ? [] : tags.Select(t => (string)t!).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>HEAD /v2/NAME/manifests/TAG: the registry's digest of the manifest (Docker-Content-Digest).</summary>
    public string Digest(string name, string tag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, Url($"/v2/{name}/manifests/{tag}"));
        foreach (var type in new[]
        {
            "application/vnd.docker.distribution.manifest.v2+json", "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
        })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = http.SendAsync(request).Result;
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("Docker-Content-Digest").Single();
    }

    /// <summary>GET /v2/NAME/manifests/REFERENCE: the manifest or index as the registry stores it.</summary>
    public JObject Manifest(string name, string reference)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url($"/v2/{name}/manifests/{reference}"));
        foreach (var type in new[] { "application/vnd.oci.image.index.v1+json", "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json" })
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
        }

        using var response = http.SendAsync(request).Result;
        response.EnsureSuccessStatusCode();
        return JObject.Parse(response.Content.ReadAsStringAsync().Result);
    }

    /// <summary>The image configuration of NAME:REFERENCE (its manifest's config blob).</summary>
    public JObject Config(string name, string reference) =>
        JObject.Parse(Get($"/v2/{name}/blobs/{(string)Manifest(name, reference)["config"]!["digest"]!}"));

    private string Get(string path)
    {
        using var response = http.GetAsync(Url(path)).Result;
        response.EnsureSuccessStatusCode();
        return response.Content.ReadAsStringAsync().Result;
    }

    private string Url(string path) => $"http://{Host}{path}";

    private bool Ready()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// A loopback port bound but not listening, held until disposed: nothing else can take it and a connection to it
    /// is refused (an unreachable registry, without hoping that a released port stays free).
    /// </summary>
    public static Socket ClosedPort()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    public void Dispose()
    {
        ParentBoundProcess.Stop(process);
        process.Dispose();
        http.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}
