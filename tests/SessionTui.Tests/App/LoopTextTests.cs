using SessionTui.Cli;
using SessionTui.Core.Runs;
using static SessionTui.Tests.Ui.LoopFixtures;

namespace SessionTui.Tests.App;

/// <summary>The texts of <c>sessiontui loops</c> and <c>loops show</c> on fixed loops, seen at 15:04 UTC from UTC+1.</summary>
public sealed class LoopTextTests
{
    private static readonly DateTimeOffset Now = Ui.WallFixtures.Now;

    [Fact]
    public void The_loops_table_has_one_row_per_loop_with_its_state_checklist_iteration_and_stall()
    {
        var loops = EachState().Where(r => r.Loop is not null).ToList();
        loops.Add(LoopRun(9, "ralph-old", Status(LoopState.Killed, 1, 4, 2), TimeSpan.FromHours(20), TimeSpan.FromMinutes(9)));

        var text = LoopText.Table(loops, Now, Zone);

        Assert.Equal(
            """
            RUN                         NAME        STATE                CHECKLIST  ITER   STALL  AGENT   STARTED
            20261121-143900-ralph-api   ralph-api   running              7/12       4/25   0/3    claude  15:39
            20261121-141400-ralph-docs  ralph-docs  waiting until 16:05  3/8        6/25   0/3    claude  15:14
            20261121-140400-ralph-ci    ralph-ci    running              2/9        5/25   2/3    claude  15:04
            20261121-130400-ralph-done  ralph-done  completed            12/12      9/25   0/3    claude  14:04
            20261121-120400-ralph-max   ralph-max   max-reached          4/10       25/25  0/3    claude  13:04
            20261120-190400-ralph-old   ralph-old   killed               1/4        2/25   0/3    claude  2026-11-20 20:04

            """.Replace("\r", "", StringComparison.Ordinal),
            text);
    }

    [Fact]
    public void Loops_show_prints_the_header_then_one_line_per_iteration_with_its_items_under_it()
    {
        var run = EachState()[0];

        var text = LoopText.Show(new LoopDetail(run, Iterations(run.RunId)), Now, Zone);

        Assert.Equal(
            """
            run         20261121-143900-ralph-api
            name        ralph-api ($1 on workcells)
            state       running
            prd         /home/dev/src/api/PRD.md
            checklist   7/12 checked
            iteration   4/25
            stall       0/3 without progress · 0 limit waits
            flagged     1 iteration checked without commit
            agent       claude
            verify      none given
            started     2026-11-21 15:39
            folder      /home/dev/.local/state/sessiontui/runs/20261121-143900-ralph-api

            #  STARTED  DURATION  EXIT     CHECKED  COMMITS  VERIFY  NOTE
            1  15:39    6m        exit 0   +2 ☑     2        ✓
                ☑ Add retry
                ☑ Add backoff
            2  15:45    3m        exit 0   +1 ☑     0        ✗       checked without commit
                ☑ Document the limits
            3  15:48    1m        exit 1   -1 ☐     0        –       limit · resets 16:05
                ☐ Add backoff
            4  15:59    5m        running           0        –

            """.Replace("\r", "", StringComparison.Ordinal),
            text);
    }

    [Fact]
    public void A_killed_or_interrupted_iteration_says_so_in_its_note_and_a_loop_without_iterations_says_none_started()
    {
        var run = EachState()[0];
        var killed = new IterationRecord(run.RunId, 1, IterationState.Killed, Now.AddMinutes(-3)) { Ended = Now };
        var interrupted = new IterationRecord(run.RunId, 2, IterationState.Interrupted, Now.AddMinutes(-2)) { Ended = Now };

        var lines = LoopText.Show(new LoopDetail(run, [killed, interrupted]), Now, Zone).Split('\n');
        var none = LoopText.Show(new LoopDetail(run, []), Now, Zone);

        Assert.Contains("1  16:01    3m                       0        –       killed", lines);
        Assert.Contains("2  16:02    2m                       0        –       interrupted", lines);
        Assert.EndsWith("\nno iteration has started yet\n", none, StringComparison.Ordinal);
    }
}
