using System.Diagnostics;
using Build.Execution;
using Build.Facts;
using Build.Tests.Support;

namespace Build.Tests.Execution;

/// <summary>
/// On a full file system (a small tmpfs of the test's own, mounted in a temporary folder) the output files are
/// written whole or not at all: the old file stays, no temporary file is left, and the message says why.
/// Needs root (mount); an integration test.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FullDiskTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("full-disk-").FullName;

    private readonly string disk;

    public FullDiskTests()
    {
        disk = Path.Combine(temp, "disk");
        Directory.CreateDirectory(disk);
        Tool("mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", disk);
    }

    public void Dispose()
    {
        Tool("umount", disk);
        Directory.Delete(temp, recursive: true);
    }

    [Fact]
    public void A_plan_too_big_for_the_disk_leaves_the_old_file_and_no_temporary_file()
    {
        var file = Path.Combine(disk, "plan.json");
        File.WriteAllText(file, "old\n");
        var error = Assert.Throws<EnvironmentException>(() => AtomicFile.Write(file, new string('x', 64 * 1024), "--plan-json file 'plan.json'"));
        Assert.StartsWith("--plan-json file 'plan.json' could not be written (No space left on device", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("the file is as it was.", error.Message, StringComparison.Ordinal);
        Assert.Equal("old\n", File.ReadAllText(file));
        Assert.Equal(["plan.json"], Directory.GetFiles(disk).Select(Path.GetFileName));
    }

    [Fact]
    public void The_host_says_one_error_line_and_leaves_no_file_on_a_full_disk()
    {
        File.WriteAllBytes(Path.Combine(disk, "fill"), new byte[8 * 1024]);
        var result = Run.Process(Path.Combine(RepoPaths.Root, "build.sh"), ["--dry-run", "--framework", "none", "--plan-json", Path.Combine(disk, "plan.json")], RepoPaths.Root);
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.ErrorLines, l => l.StartsWith("ERROR: --plan-json file", StringComparison.Ordinal) && l.Contains("No space left on device", StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(["fill"], Directory.GetFiles(disk).Select(Path.GetFileName));
    }

    private static void Tool(string name, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(name, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{name} failed (needs root): {error}");
    }
}
