using Build;
using Build.FrontDoor;
using Build.Options;

// .NET's console, when first used with a terminal, switches it to keypad-transmit mode (ESC[?1h ESC=), again after
// every child process, and never back. This host reads no keys: its console is set up without a terminal description.
var term = Environment.GetEnvironmentVariable("TERM");
Environment.SetEnvironmentVariable("TERM", null);
Console.ResetColor();
Environment.SetEnvironmentVariable("TERM", term);

var host = BuildHost.Create();
Func<string, string>? inUsersTerms = null;

// container/build.sh and container/run.sh hand over their own command line (docs/decisions.md §1.1, §1.6): map it to
// the host's, run as usual, and word the host's usage errors in the options the user typed.
if (args.Length >= 2 && args[0] == "--front-door")
{
    try
    {
        var translated = args[1] switch
        {
            "build.sh" => SeedBuildArguments.Translate(args[2..], Console.Out),
            "run.sh" => SeedRunArguments.Translate(args[2..], Console.Out),
            _ => throw new UsageException($"unknown front door '{args[1]}'"),
        };
        if (translated is null)
        {
            return 0;
        }

        args = [.. translated];
        inUsersTerms = SeedBuildArguments.InFrontDoorTerms;
    }
    catch (UsageException e)
    {
        Console.Error.WriteLine($"ERROR: {e.Message}");
        return UsageException.ExitCode;
    }
}

return host.Run(args, inUsersTerms);
