using LibGit2Sharp;

namespace Build.Tests.Release.Support;

/// <summary>
/// A Gateway-API-Inference-Extension-shaped git repository made by the test: module
/// sigs.k8s.io/gateway-api-inference-extension with a tiny cmd/epp program (no external dependencies) that prints
/// its scorer and the CommitSHA/BuildRef stamped into pkg/epp/metrics, tagged v0.5.1; plus a patch folder whose one
/// patch turns the "builtin" scorer into "dynamo". Each fixture's commit is its own (a FIXTURE file with a fresh id), so
/// fixtures running in parallel never share the host's clone folder .build/epp/gaie-&lt;commit&gt;.
/// </summary>
public sealed class GaieFixture : IDisposable
{
    public const string Tag = "v0.5.1";

    public const string Module = "sigs.k8s.io/gateway-api-inference-extension";

    private static readonly Signature Author = new("Test", "test@example.com", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public GaieFixture()
    {
        Root = Directory.CreateTempSubdirectory("gaie-fixture-").FullName;
        Path = System.IO.Path.Combine(Root, "gateway-api-inference-extension");
        PatchDir = System.IO.Path.Combine(Root, "epp-patches");
        Directory.CreateDirectory(PatchDir);
        Repository.Init(Path);
        using var repo = new Repository(Path);
        repo.Refs.UpdateTarget("HEAD", "refs/heads/main");
        Write("go.mod", $"module {Module}\n\ngo 1.19\n");
        Write("pkg/epp/metrics/metrics.go", "package metrics\n\n// Stamped by the image build (-ldflags -X).\nvar (\n\tCommitSHA = \"unknown\"\n\tBuildRef  = \"\"\n)\n");
        Write("cmd/epp/main.go", MainGo("builtin"));
        Write("api/doc.go", "package api\n");
        Write("internal/doc.go", "package internal\n");
        Write("FIXTURE", Guid.NewGuid().ToString("N") + "\n");
        Commands.Stage(repo, "*");
        Commit = repo.Commit("GAIE fixture", Author, Author).Sha;
        repo.ApplyTag(Tag);

        // The patch: what `git diff` gives for the scorer change.
        Patch = System.IO.Path.Combine(PatchDir, "0001-dynamo-scorer.patch");
        string[] patch =
        [
            "diff --git a/cmd/epp/main.go b/cmd/epp/main.go",
            "--- a/cmd/epp/main.go",
            "+++ b/cmd/epp/main.go",
            "@@ -7,7 +7,7 @@ import (",
            " \t\"sigs.k8s.io/gateway-api-inference-extension/pkg/epp/metrics\"",
            " )",
            " ",
            "-const scorer = \"builtin\"",
            "+const scorer = \"dynamo\"",
            " ",
            " func main() {",
            " \tfmt.Printf(\"epp scorer=%s commit=%s ref=%s args=%v\\n\", scorer, metrics.CommitSHA, metrics.BuildRef, os.Args[1:])",
        ];
        File.WriteAllText(Patch, string.Join('\n', patch) + "\n");
    }

    /// <summary>The temporary folder holding the repository and the patch folder.</summary>
    public string Root { get; }

    /// <summary>The GAIE-shaped repository (a --gaie-dir tree, or a --gaie-git URL).</summary>
    public string Path { get; }

    public string PatchDir { get; }

    public string Patch { get; }

    /// <summary>The commit tagged <see cref="Tag"/>.</summary>
    public string Commit { get; }

    /// <summary>What the patched /epp prints for a build of <paramref name="commit"/> at <paramref name="buildRef"/>, run with <paramref name="args"/>.</summary>
    public static string Output(string commit, string buildRef, params string[] args) => $"epp scorer=dynamo commit={commit} ref={buildRef} args=[{string.Join(' ', args)}]";

    private static string MainGo(string scorer) => $$"""
        package main

        import (
        	"fmt"
        	"os"

        	"sigs.k8s.io/gateway-api-inference-extension/pkg/epp/metrics"
        )

        const scorer = "{{scorer}}"

        func main() {
        	fmt.Printf("epp scorer=%s commit=%s ref=%s args=%v\n", scorer, metrics.CommitSHA, metrics.BuildRef, os.Args[1:])
        }

        """.Replace("\r", "");

    private void Write(string relative, string text)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    public void Dispose()
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            File.SetAttributes(file, FileAttributes.Normal);
        }

        Directory.Delete(Root, recursive: true);
    }
}
