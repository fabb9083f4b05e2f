using Build.Execution;
using static Build.Execution.ContainerSignalRelay;

namespace Build.Tests.Execution;

/// <summary>When the host passes a signal to docker run's container itself: only when the container started after the signal.</summary>
public sealed class ContainerSignalRelayTests
{
    private static readonly DateTimeOffset Signal = DateTimeOffset.Parse("2026-12-02T17:40:01.5000000Z", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("running 2026-12-02T17:40:01.500000123Z", Verdict.Relay)]
    [InlineData("running 2026-12-02T17:40:03.2Z", Verdict.Relay)]
    [InlineData("running 2026-12-02T17:40:01.499999877Z", Verdict.Relay)]
    [InlineData("running 2026-12-02T17:39:59.6Z", Verdict.Relay)]
    [InlineData("running 2026-12-02T17:39:59.4Z", Verdict.Done)]
    [InlineData("running 2026-12-02T17:39:00Z", Verdict.Done)]
    [InlineData("created 0001-01-01T00:00:00Z", Verdict.Wait)]
    [InlineData("restarting 2026-12-02T17:40:03Z", Verdict.Wait)]
    [InlineData("exited 2026-12-02T17:40:03Z", Verdict.Done)]
    [InlineData("removing 2026-12-02T17:40:03Z", Verdict.Done)]
    [InlineData("running not-a-time", Verdict.Done)]
    [InlineData(null, Verdict.Wait)]
    [InlineData("", Verdict.Wait)]
    public void The_engine_answer_decides(string? inspect, Verdict verdict) =>
        Assert.Equal(verdict, Judge(inspect, Signal));
}
