using Newtonsoft.Json.Linq;

namespace Build.Tests.Support;

/// <summary>
/// A fake docker executable placed first on PATH: it records each argv (one JSON array a line) and answers the
/// few queries the host makes. A build exits with STUB_BUILD_EXIT (default 0); with STUB_BUILD_WAITS it runs until
/// a signal (stop) or for 5 minutes whatever it is sent (ignore), recording the signals it gets; so does a
/// <c>docker buildx build</c> or bake (no waiting); with STUB_BAKE_METADATA a bake writes each target's digest (sha256 of its name) to its --metadata-file. <c>docker buildx inspect</c> prints the file STUB_BUILDER_INSPECT names,
/// the one STUB_BUILDER_INSPECT_AFTER names once a build failed. Each call's DOCKER_CONFIG goes to a
/// second log, line for line with the argv log.
/// </summary>
public sealed class StubDocker : IDisposable
{
    public StubDocker()
    {
        Dir = Directory.CreateTempSubdirectory("stub-docker-").FullName;
        LogPath = Path.Combine(Dir, "calls.jsonl");
        var script = Path.Combine(Dir, "docker");
        File.WriteAllText(script, """
            #!/usr/bin/env bash
            @PYTHON@ -c 'import json,sys; print(json.dumps(sys.argv[1:]))' "$@" >> "$(dirname "$0")/calls.jsonl"
            echo "${DOCKER_CONFIG-}" >> "$(dirname "$0")/docker-config.log"
            # With STUB_BAKE_METADATA, a bake's --metadata-file gets each target's digest: sha256 of the target's name.
            metadata_file() {
              local prev="" a
              for a in "$@"; do
                [[ "$prev" == --metadata-file && -n "${STUB_BAKE_METADATA:-}" ]] && python3 -c 'import hashlib,json,sys; d=json.load(open(sys.argv[1])); print(json.dumps({t: {"containerimage.digest": "sha256:" + hashlib.sha256(t.encode()).hexdigest()} for t in d["group"]["default"]["targets"]}))' "$(dirname "$0")/bake-definition.json" > "$a"
                prev="$a"
              done
            }
            case "$1" in
              version) echo "${STUB_CLIENT_VERSION:-28.2.2}|26.1.5" ;;
              buildx) [[ "$2" == version && -n "${STUB_NO_BUILDX:-}" ]] && { echo "docker: 'buildx' is not a docker command." >&2; exit 1; }
                      [[ "$2" == bake ]] && { cat > "$(dirname "$0")/bake-definition.json"; metadata_file "$@"; [[ "${STUB_BUILD_EXIT:-0}" == 0 ]] || touch "$(dirname "$0")/build-failed"; exit "${STUB_BUILD_EXIT:-0}"; }
                      [[ "$2" == build ]] && { [[ "${STUB_BUILD_EXIT:-0}" == 0 ]] || touch "$(dirname "$0")/build-failed"; exit "${STUB_BUILD_EXIT:-0}"; }
                      # A builder's description: STUB_BUILDER_INSPECT's file, STUB_BUILDER_INSPECT_AFTER's once a build failed.
                      if [[ "$2" == inspect && -n "${STUB_BUILDER_INSPECT:-}" ]]; then
                        [[ -e "$(dirname "$0")/build-failed" && -n "${STUB_BUILDER_INSPECT_AFTER:-}" ]] && { cat "$STUB_BUILDER_INSPECT_AFTER"; exit 0; }
                        cat "$STUB_BUILDER_INSPECT"; exit 0
                      fi
                      echo "github.com/docker/buildx ${STUB_BUILDX_VERSION:-0.13.1}" ;;
              image) [[ -n "${STUB_NO_IMAGES:-}" ]] && { echo "Error: No such image" >&2; exit 1; }
                     # After a push: the registry digest the engine recorded for the (last named) reference.
                     [[ "$*" == *RepoDigests* ]] && { ref="${*: -1}"; echo "sha256:0123456789abcdef0123456789abcdef [\"${ref%:*}@sha256:$(printf '%064d' 0)\"]"; exit 0; }
                     echo "sha256:0123456789abcdef0123456789abcdef 123456789" ;;
              build) if [[ -n "${STUB_BUILD_WAITS:-}" ]]; then
                       # A long build that records each signal it gets (one name a line) and stops on it (stop) or not (ignore).
                       dir="$(dirname "$0")"
                       for s in INT TERM HUP; do trap "echo $s >> '$dir/signals'; [[ \$STUB_BUILD_WAITS == stop ]] && exit 1" "$s"; done
                       echo "$$" > "$dir/build.pid"
                       end=$((SECONDS + 300)); while (( SECONDS < end )); do sleep 0.1; done
                     fi
                     exit "${STUB_BUILD_EXIT:-0}" ;;
            esac
            exit 0
            """.Replace("\r", "").Replace("@PYTHON@", Python.Quoted, StringComparison.Ordinal));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Dir { get; }

    public string LogPath { get; }

    public IReadOnlyList<string[]> Calls => File.Exists(LogPath)
        ? File.ReadAllLines(LogPath).Select(l => JArray.Parse(l).Select(t => (string)t!).ToArray()).ToList()
        : [];

    /// <summary>Each call's DOCKER_CONFIG ("" when unset), in the order of <see cref="Calls"/>.</summary>
    public IReadOnlyList<string> DockerConfigs => File.Exists(Path.Combine(Dir, "docker-config.log")) ? File.ReadAllLines(Path.Combine(Dir, "docker-config.log")) : [];

    public IReadOnlyList<string[]> Builds => Calls.Where(c => c.Length > 0 && (c[0] == "build" || (c[0] == "buildx" && c.Length > 1 && c[1] == "build"))).ToList();

    /// <summary>The definition the last <c>docker buildx bake --file -</c> read on its standard input.</summary>
    public string? BakeDefinition => File.Exists(Path.Combine(Dir, "bake-definition.json")) ? File.ReadAllText(Path.Combine(Dir, "bake-definition.json")) : null;

    public Dictionary<string, string?> Environment(string? buildExit = null, bool noBuildx = false, string? clientVersion = null, string? buildxVersion = null) => new()
    {
        ["STUB_BUILDX_VERSION"] = buildxVersion,
        ["PATH"] = Dir + ":" + System.Environment.GetEnvironmentVariable("PATH"),
        ["STUB_BUILD_EXIT"] = buildExit,
        ["STUB_NO_BUILDX"] = noBuildx ? "1" : null,
        ["STUB_CLIENT_VERSION"] = clientVersion,
        ["DOCKER_BUILDKIT"] = null,
    };

    /// <summary>The signals a STUB_BUILD_WAITS build got, in order.</summary>
    public IReadOnlyList<string> BuildSignals => File.Exists(Path.Combine(Dir, "signals")) ? File.ReadAllLines(Path.Combine(Dir, "signals")) : [];

    /// <summary>The pid of the STUB_BUILD_WAITS build once it runs, else null.</summary>
    public int? BuildPid => File.Exists(Path.Combine(Dir, "build.pid")) && int.TryParse(File.ReadAllText(Path.Combine(Dir, "build.pid")).Trim(), out var pid) ? pid : null;

    /// <summary>Ends a STUB_BUILD_WAITS build that still runs (its host gave up on it, or the test failed).</summary>
    public void KillBuild()
    {
        if (BuildPid is { } pid && Directory.Exists($"/proc/{pid}"))
        {
            _ = Run.Process("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
    }

    public void Dispose()
    {
        KillBuild();
        Directory.Delete(Dir, recursive: true);
    }
}
