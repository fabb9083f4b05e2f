namespace Build.Tests.Support;

/// <summary>A clock the test moves by hand; its timers fire when the test says so (<see cref="Fire"/>).</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private readonly List<(TimerCallback Callback, object? State, TimeSpan Period)> timers = [];

    public DateTimeOffset Now { get; set; } = now;

    public IReadOnlyList<TimeSpan> TimerPeriods => timers.Select(t => t.Period).ToList();

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;

    /// <summary>Calls every timer still alive, as its period passing would.</summary>
    public void Fire()
    {
        foreach (var (callback, state, _) in timers.ToList())
        {
            callback(state);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var entry = (callback, state, period);
        timers.Add(entry);
        return new Handle(() => timers.Remove(entry));
    }

    private sealed class Handle(Action remove) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose() => remove();

        public ValueTask DisposeAsync()
        {
            remove();
            return ValueTask.CompletedTask;
        }
    }
}
