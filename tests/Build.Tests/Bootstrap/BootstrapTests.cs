using Build.Tests.Bootstrap.Support;
using Build.Tests.Support;

namespace Build.Tests.Bootstrap;

/// <summary>
/// build.sh and build.ps1 (the real bash and the real PowerShell) on a copy of the repository: the host is published
/// once, rebuilt when the content of its sources changes or its folder is damaged, not when only times change, and
/// both scripts share one manifest and one lock. Each test first brings the shared copy to a warm state, so the
/// order they run in does not matter. Slow (each rebuild is a real publish), hence in the integration tier.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BootstrapTests(BootstrapCheckout checkout) : IClassFixture<BootstrapCheckout>
{
    private const string HostVersionLine = "build host ";

    private const string WaitingMessage = "Waiting for another call to finish building the build host...";

    [Fact]
    public void A_fresh_checkout_publishes_the_host_with_messages_on_stderr_only_then_runs_it()
    {
        var first = checkout.FirstCall;

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Building the build host (first use)...", first.ErrorLines);
        Assert.StartsWith(HostVersionLine, first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Building", first.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(checkout.Manifest));
        Assert.False(Directory.Exists(checkout.HostFolder + ".partial"), "the staging folder is gone after a publish");
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("pwsh")]
    public void A_warm_call_starts_the_host_without_rebuilding(string shell)
    {
        Warm();
        var manifestTime = File.GetLastWriteTimeUtc(checkout.Manifest);

        var result = checkout.Call(shell);

        AssertNotRebuilt(result, manifestTime);
    }

    [Theory]
    [InlineData("bash", "pwsh")]
    [InlineData("pwsh", "bash")]
    public void A_content_change_that_keeps_size_and_time_rebuilds_and_the_other_shell_then_does_not(string shell, string otherShell)
    {
        Warm();
        var source = Path.Combine(checkout.RealRoot, "build", "Program.cs");
        var time = File.GetLastWriteTimeUtc(source);
        var before = File.ReadAllText(source);
        var after = ToggleCaseOfFirstCommentLetter(before);
        Assert.Equal(before.Length, after.Length);
        File.WriteAllText(source, after);
        File.SetLastWriteTimeUtc(source, time);

        var rebuilt = checkout.Call(shell);

        AssertRebuilt(rebuilt, "sources changed");
        AssertNotRebuilt(checkout.Call(otherShell), File.GetLastWriteTimeUtc(checkout.Manifest));
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("pwsh")]
    public void Touching_every_source_without_changing_it_does_not_rebuild(string shell)
    {
        Warm();
        var manifestTime = File.GetLastWriteTimeUtc(checkout.Manifest);
        var later = DateTime.UtcNow.AddHours(1);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(checkout.RealRoot, "build"), "*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("/build/obj/", StringComparison.Ordinal) && !f.Contains("/build/bin/", StringComparison.Ordinal))
                     .Append(Path.Combine(checkout.RealRoot, "Directory.Build.props")))
        {
            File.SetLastWriteTimeUtc(file, later);
        }

        AssertNotRebuilt(checkout.Call(shell), manifestTime);
    }

    [Theory]
    [InlineData("bash", "Cake.Core.dll")]
    [InlineData("pwsh", "LibGit2Sharp.dll")]
    public void A_deleted_dll_in_the_host_folder_rebuilds_instead_of_failing(string shell, string dll)
    {
        Warm();
        File.Delete(Path.Combine(checkout.HostFolder, dll));

        var result = checkout.Call(shell);

        AssertRebuilt(result, "the host folder is incomplete");
        Assert.True(File.Exists(Path.Combine(checkout.HostFolder, dll)));
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("pwsh")]
    public void A_truncated_dll_or_an_interrupted_publish_rebuilds(string shell)
    {
        Warm();
        // What an interrupted publish can leave: a staging folder, and a host folder without its manifest.
        Directory.CreateDirectory(checkout.HostFolder + ".partial");
        File.WriteAllText(Path.Combine(checkout.HostFolder + ".partial", "Build.dll"), "half");
        File.WriteAllBytes(Path.Combine(checkout.HostFolder, "Build.dll"), [0x4d, 0x5a]);

        AssertRebuilt(checkout.Call(shell), "the host folder is incomplete");

        File.Delete(checkout.Manifest);
        AssertRebuilt(checkout.Call(shell), "the host folder is incomplete");
        Assert.False(Directory.Exists(checkout.HostFolder + ".partial"));
    }

    [Fact]
    public void The_real_path_and_the_symlinked_path_share_one_fingerprint()
    {
        Warm();
        var manifestTime = File.GetLastWriteTimeUtc(checkout.Manifest);

        AssertNotRebuilt(checkout.Call("bash", checkout.RealRoot), manifestTime);
        AssertNotRebuilt(checkout.Call("pwsh", checkout.RealRoot), manifestTime);
    }

    [Theory]
    [InlineData("bash", "pwsh")]
    [InlineData("pwsh", "bash")]
    public async Task A_rebuild_waits_for_the_lock_the_other_shell_holds(string holder, string shell)
    {
        Warm();
        File.Delete(Path.Combine(checkout.HostFolder, "Newtonsoft.Json.dll"));
        using var held = checkout.HoldLock(holder);
        using var call = checkout.Start(shell);

        // The event, not a time: the call says it waits once it reached the lock. Getting there can take many seconds
        // (PowerShell alone took 9-11 s to start at load 38 on 2 cores, and an 8 s wait for the call failed there).
        // The guard only stops a hang.
        Assert.True(call.WaitForErrorLine(WaitingMessage, TimeSpan.FromMinutes(10)), "the bootstrap did not wait for the lock the other shell holds:\n" + string.Join('\n', call.ErrorLines));

        // While the lock is held it keeps waiting: it neither ends nor starts to build (a check that nothing happens in
        // that time, so a slow machine cannot fail it).
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(call.HasExited, "the bootstrap ended while the other shell held the lock:\n" + string.Join('\n', call.ErrorLines));
        Assert.DoesNotContain(call.ErrorLines, l => l.StartsWith(BootstrapCheckout.BuildingMessage, StringComparison.Ordinal));
        held.Dispose();

        var result = call.Finish();
        Assert.Contains(WaitingMessage, result.ErrorLines);
        AssertRebuilt(result, "the host folder is incomplete");
    }

    private void Warm()
    {
        var result = checkout.Call("bash");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private void AssertRebuilt(Run.Result result, string reason)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{BootstrapCheckout.BuildingMessage}{reason})...", result.ErrorLines);
        Assert.StartsWith(HostVersionLine, result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Building", result.Output, StringComparison.Ordinal);
    }

    private void AssertNotRebuilt(Run.Result result, DateTime manifestTime)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error);
        Assert.StartsWith(HostVersionLine, result.Output, StringComparison.Ordinal);
        Assert.Equal(manifestTime, File.GetLastWriteTimeUtc(checkout.Manifest));
    }

    private static string ToggleCaseOfFirstCommentLetter(string text)
    {
        var comment = text.IndexOf("// ", StringComparison.Ordinal);
        Assert.True(comment >= 0, "Program.cs has a comment to change");
        var letter = comment + 3;
        while (!char.IsAsciiLetter(text[letter]))
        {
            letter++;
        }

        var toggled = char.IsUpper(text[letter]) ? char.ToLowerInvariant(text[letter]) : char.ToUpperInvariant(text[letter]);
        return string.Concat(text.AsSpan(0, letter), toggled.ToString(), text.AsSpan(letter + 1));
    }
}
