using Build.Planning;

namespace Build.Tests.Planning;

/// <summary>Each host step's program, argv and the POSIX shell line the dry run prints for it.</summary>
public sealed class HostCommandsTests
{
    public static TheoryData<HostCommand, string, string[], string> Cases => new()
    {
        { new RemoveDirectoryCommand("/r/.build/epp/gaie-1"), "rm", ["-rf", "--", "/r/.build/epp/gaie-1"], "rm -rf -- /r/.build/epp/gaie-1" },
        { new MakeDirectoryCommand("/g/a dir"), "mkdir", ["-p", "--", "/g/a dir"], "mkdir -p -- '/g/a dir'" },
        { new CopyFileCommand("/x/lib's.a", "/g/lib.a"), "cp", ["--", "/x/lib's.a", "/g/lib.a"], "cp -- '/x/lib'\\''s.a' /g/lib.a" },
        { new GitCloneCommand("https://github.com/k/gaie.git", "/r/c"), "git", ["clone", "--no-checkout", "--", "https://github.com/k/gaie.git", "/r/c"], "git clone --no-checkout -- https://github.com/k/gaie.git /r/c" },
        { new GitCheckoutCommand("/r/c", "0123456789abcdef0123456789abcdef01234567"), "git", ["-C", "/r/c", "-c", "advice.detachedHead=false", "checkout", "--detach", "0123456789abcdef0123456789abcdef01234567"], "git -C /r/c -c advice.detachedHead=false checkout --detach 0123456789abcdef0123456789abcdef01234567" },
        { new GitApplyCommand("/g", "/p/0001 x.patch"), "git", ["-C", "/g", "apply", "/p/0001 x.patch"], "git -C /g apply --check '/p/0001 x.patch' && git -C /g apply '/p/0001 x.patch' || git -C /g apply --reverse --check '/p/0001 x.patch'" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Program_argv_and_shell_line(HostCommand command, string program, string[] argv, string shell)
    {
        Assert.Equal(program, command.Program);
        Assert.Equal(argv, command.ToArguments().Select(a => a.Value));
        Assert.Equal(shell, command.ShellLine("docker"));
    }

    [Fact]
    public void Patch_checks_come_before_the_apply()
    {
        var apply = new GitApplyCommand("/g", "/p/a.patch");
        Assert.Equal(["-C", "/g", "apply", "--check", "/p/a.patch"], apply.CheckArguments().Select(a => a.Value));
        Assert.Equal(["-C", "/g", "apply", "--reverse", "--check", "/p/a.patch"], apply.ReverseCheckArguments().Select(a => a.Value));
    }
}
