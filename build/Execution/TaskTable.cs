using Cake.Core;

namespace Build.Execution;

/// <summary>
/// Cake's task table of a run with a bake: the tasks whose image builds the bake ran at once (BuildBaseImage and
/// BuildRuntime, say) are one row, "BuildBaseImage + BuildRuntime (one bake)", with their time together. Cake times
/// each task alone, and the first of them runs the whole bake: its row would hold every image's time and the others'
/// almost none.
/// </summary>
public static class TaskTable
{
    public static CakeReport WithBake(CakeReport report, BakeRun? bake)
    {
        var entries = report.ToList();
        var merged = entries.Where(e => bake is not null && bake.Tasks.Count > 1 && bake.Tasks.Contains(e.TaskName, StringComparer.Ordinal)).ToList();
        if (merged.Count < 2)
        {
            return report;
        }

        var table = new CakeReport();
        var row = $"{string.Join(" + ", merged.Select(e => e.TaskName))} (one bake)";
        foreach (var entry in entries)
        {
            if (ReferenceEquals(entry, merged[0]))
            {
                var status = merged.Any(e => e.ExecutionStatus == CakeTaskExecutionStatus.Failed) ? CakeTaskExecutionStatus.Failed : CakeTaskExecutionStatus.Executed;
                table.Add(row, null, entry.Category, merged.Aggregate(TimeSpan.Zero, (sum, e) => sum + e.Duration), status);
            }
            else if (!merged.Contains(entry))
            {
                table.Add(entry.TaskName, entry.SkippedMessage, entry.Category, entry.Duration, entry.ExecutionStatus);
            }
        }

        return table;
    }
}
