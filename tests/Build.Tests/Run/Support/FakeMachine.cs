using Build.Tests.Support;
using Newtonsoft.Json.Linq;

namespace Build.Tests.RunContainerSupport;

/// <summary>
/// A folder placed first on PATH with a stub <c>nvidia-smi</c> (listing a given number of GPUs) and a stub <c>docker</c>
/// (recording each argv as a JSON line; <c>info</c> answers with the given runtimes, or fails as an unreachable engine).
/// </summary>
public sealed class FakeMachine : IDisposable
{
    public const string NoNvidiaRuntime = """{"io.containerd.runc.v2":{"path":"runc"},"runc":{"path":"runc"}}""";
    public const string WithNvidiaRuntime = """{"nvidia":{"path":"nvidia-container-runtime"},"runc":{"path":"runc"}}""";

    /// <param name="gpus">GPUs nvidia-smi -L lists; null: no nvidia-smi at all.</param>
    /// <param name="engineRuntimes">docker info's {{json .Runtimes}}; null: the engine is unreachable (docker info fails).</param>
    public FakeMachine(int? gpus = 0, string? engineRuntimes = NoNvidiaRuntime)
    {
        Dir = Directory.CreateTempSubdirectory("run-fake-machine-").FullName;
        if (gpus is { } count)
        {
            var lines = string.Concat(Enumerable.Range(0, count).Select(i => $"echo 'GPU {i}: NVIDIA Test GPU (UUID: GPU-0000000{i})'\n"));
            Write("nvidia-smi", $"#!/usr/bin/env bash\necho \"$@\" >> \"$(dirname \"$0\")/nvidia-smi.calls\"\n{lines}exit 0\n");
        }
        else
        {
            // A real nvidia-smi further down PATH must not count: this one finds nothing and fails, as without a driver.
            Write("nvidia-smi", "#!/usr/bin/env bash\necho \"$@\" >> \"$(dirname \"$0\")/nvidia-smi.calls\"\necho 'NVIDIA-SMI has failed' >&2\nexit 9\n");
        }

        var info = engineRuntimes is null ? "echo 'Cannot connect to the Docker daemon' >&2; exit 1" : $"echo '{engineRuntimes}'";
        Write("docker", $$"""
            #!/usr/bin/env bash
            {{Python.Quoted}} -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@" >> "$(dirname "$0")/docker.calls"
            case "$1" in
              info) {{info}} ;;
              version) echo "28.2.2|26.1.5" ;;
              run) exit "${STUB_RUN_EXIT:-0}" ;;
            esac
            exit 0
            """);
    }

    public string Dir { get; }

    public IReadOnlyList<string[]> DockerCalls => ReadCalls("docker.calls");

    public IReadOnlyList<string[]> DockerRuns => DockerCalls.Where(c => c.Length > 0 && c[0] == "run").ToList();

    public bool NvidiaSmiRan => File.Exists(Path.Combine(Dir, "nvidia-smi.calls"));

    public Dictionary<string, string?> Environment(string? runExit = null) => new()
    {
        ["PATH"] = Dir + ":" + System.Environment.GetEnvironmentVariable("PATH"),
        ["STUB_RUN_EXIT"] = runExit,
        ["HF_HOME"] = null,
    };

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    private IReadOnlyList<string[]> ReadCalls(string name)
    {
        var path = Path.Combine(Dir, name);
        return File.Exists(path)
            ? File.ReadAllLines(path).Select(l => JArray.Parse(l).Select(t => (string)t!).ToArray()).ToList()
            : [];
    }

    private void Write(string name, string text)
    {
        var path = Path.Combine(Dir, name);
        File.WriteAllText(path, text.Replace("\r", ""));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

/// <summary>A throw-away repository root (cake.config and container/) for --repo-root, so a run never touches this clone.</summary>
public sealed class FakeRepo : IDisposable
{
    public FakeRepo()
    {
        Root = Directory.CreateTempSubdirectory("run-fake-repo-").FullName;

        // Readable by a container's non-root user (the test image's dynamo, UID 1000), as a clone usually is.
        File.SetUnixFileMode(Root, (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(Root, "cake.config"), "[Settings]\n");
        Directory.CreateDirectory(Path.Combine(Root, "container"));

        // Every clone has it: the host reads it on every call.
        File.Copy(Path.Combine(RepoPaths.Root, "container", "context.yaml"), Path.Combine(Root, "container", "context.yaml"));
        File.WriteAllText(Path.Combine(Root, "marker.txt"), "fake repository\n");
    }

    public string Root { get; }

    public string DefaultHfCache => Path.Combine(Root, "container", ".cache", "huggingface");

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
