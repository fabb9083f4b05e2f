using System.Diagnostics;
using Build.Execution;
using Build.Facts;
using Build.Options;
using Build.Tests.Support;

namespace Build.Tests.Facts;

/// <summary>
/// Input files are read only when regular and small (no read grows without end or waits forever); output files are
/// written only over a regular file or a new name, whole, through a temporary file beside them. Device nodes are made
/// in a temporary folder of the test's own (never the machine's /dev).
/// </summary>
public sealed class FileKindTests : IDisposable
{
    private readonly string temp = Directory.CreateTempSubdirectory("file-kinds-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    [Fact]
    public async Task A_fifo_as_context_is_refused_at_once_without_waiting_for_a_writer()
    {
        var fifo = Fifo("overlay.yaml");
        var read = Task.Run(() => Assert.Throws<UsageException>(() => ContextLoader.Load(RepoPaths.Root, ["overlay.yaml"], temp)));
        var error = await read.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("--context 'overlay.yaml' is a FIFO (named pipe): give an overlay file (YAML, like container/context.offline.yaml).", error.Message);
        Assert.True(File.Exists(fifo));
    }

    [Fact]
    public void A_character_device_as_context_is_refused_without_reading_it()
    {
        var device = Device("zero", minor: 5);
        var error = Assert.Throws<UsageException>(() => ContextLoader.Load(RepoPaths.Root, [device], temp));
        Assert.Equal($"--context '{device}' is a character device: give an overlay file (YAML, like container/context.offline.yaml).", error.Message);
    }

    [Fact]
    public void A_directory_as_context_says_it_is_a_directory()
    {
        var error = Assert.Throws<UsageException>(() => ContextLoader.Load(RepoPaths.Root, ["."], temp));
        Assert.Equal("--context '.' is a directory: give an overlay file (YAML, like container/context.offline.yaml).", error.Message);
    }

    [Fact]
    public void A_context_file_above_the_limit_is_refused_by_its_size_without_reading_it()
    {
        using (var file = File.Create(Path.Combine(temp, "big.yaml")))
        {
            file.SetLength(50L * 1000 * 1000);
        }

        var error = Assert.Throws<UsageException>(() => ContextLoader.Load(RepoPaths.Root, ["big.yaml"], temp));
        Assert.Equal("--context 'big.yaml' is 47.7 MiB: an overlay file (YAML, like container/context.offline.yaml) is at most 1 MiB.", error.Message);
    }

    [Fact]
    public void A_context_file_at_the_limit_is_read()
    {
        var text = "nixl:\n  ref: 0.6.0\n";
        File.WriteAllText(Path.Combine(temp, "site.yaml"), text + "#" + new string('x', (int)InputFile.MaxBytes - text.Length - 2) + "\n");
        Assert.Equal("0.6.0", ContextLoader.Load(RepoPaths.Root, ["site.yaml"], temp).Nixl.Ref);
    }

    [Fact]
    public void An_output_path_naming_a_device_or_a_fifo_is_refused_and_left_as_it_is()
    {
        var device = Device("full", minor: 7);
        var fifo = Fifo("plan.json");
        var onDevice = Assert.Throws<UsageException>(() => OutputPathFacts.Check("--bake-file", "full", device));
        Assert.Equal("--bake-file 'full' is a character device: only a regular file is written (a new one, or one replaced whole).", onDevice.Message);
        var onFifo = Assert.Throws<UsageException>(() => OutputPathFacts.Check("--plan-json", "plan.json", fifo));
        Assert.Equal("--plan-json 'plan.json' is a FIFO (named pipe): only a regular file is written (a new one, or one replaced whole).", onFifo.Message);
        Assert.Equal(FileKind.CharacterDevice, FileKinds.Of(device).Kind);
        Assert.Equal(FileKind.Fifo, FileKinds.Of(fifo).Kind);
    }

    [Fact]
    public void The_dry_run_refuses_an_output_path_the_real_run_cannot_write()
    {
        var fifo = Fifo("report.json");
        var error = Assert.Throws<UsageException>(() => TestHost.Context(["--dry-run", "--report-json", fifo]));
        Assert.Equal($"--report-json '{fifo}' is a FIFO (named pipe): only a regular file is written (a new one, or one replaced whole).", error.Message);
    }

    [Fact]
    public void A_dangling_symlink_names_its_target_and_the_true_reason()
    {
        var link = Path.Combine(temp, "plan.json");
        File.CreateSymbolicLink(link, Path.Combine(temp, "missing-dir", "plan.json"));
        var error = Assert.Throws<UsageException>(() => OutputPathFacts.Check("--plan-json", "plan.json", link));
        Assert.Equal(
            $"--plan-json 'plan.json' (a symbolic link to '{temp}/missing-dir/plan.json'): the directory '{temp}/missing-dir' does not exist; create it first or give a path in an existing directory.",
            error.Message);
    }

    [Fact]
    public void A_symlink_is_written_through_to_its_target_and_stays_a_link()
    {
        var link = Path.Combine(temp, "plan.json");
        var target = Path.Combine(temp, "out", "real.json");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.CreateSymbolicLink(link, target);
        OutputPathFacts.Check("--plan-json", "plan.json", link);
        AtomicFile.Write(link, "{}\n");
        Assert.Equal(target, new FileInfo(link).LinkTarget);
        Assert.Equal("{}\n", File.ReadAllText(target));
        Assert.Equal(["real.json"], Directory.GetFiles(Path.GetDirectoryName(target)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_relative_symlink_is_read_from_its_own_folder_not_the_working_directory()
    {
        var link = Path.Combine(temp, "plan.json");
        var target = Path.Combine(temp, "out", "real.json");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.CreateSymbolicLink(link, Path.Combine("out", "real.json"));
        AtomicFile.Write(link, "{}\n");
        Assert.Equal("{}\n", File.ReadAllText(target));
        Assert.Equal(Path.Combine("out", "real.json"), new FileInfo(link).LinkTarget);
    }

    private string Fifo(string name)
    {
        var path = Path.Combine(temp, name);
        Tool("mkfifo", path);
        return path;
    }

    /// <summary>A character device node of the test's own (mem's minor: 5 zero, 7 full), made with mknod in the temporary folder.</summary>
    private string Device(string name, int minor)
    {
        var path = Path.Combine(temp, name);
        Tool("mknod", path, "c", "1", minor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return path;
    }

    private static void Tool(string name, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(name, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{name} failed (needs root for a device node): {error}");
    }
}
