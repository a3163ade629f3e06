using System.Collections.Immutable;
using SessionTui.Core;
using SessionTui.Core.Runs;
using static SessionTui.Tests.Ui.RunFixtures;
using static SessionTui.Tests.Ui.WallFixtures;

namespace SessionTui.Tests.Ui;

/// <summary>Ralph loops at the fixed time of <see cref="WallFixtures"/> (15:04 UTC) on the workcell server, seen from a zone
/// one hour east of UTC (so a reset at 15:05 UTC reads 16:05): one loop in each card state, with sessions for their cards,
/// and the iterations of one loop.</summary>
internal static class LoopFixtures
{
    /// <summary>UTC+1 without daylight saving time.</summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.CreateCustomTimeZone("UTC+1", TimeSpan.FromHours(1), "UTC+1", "UTC+1");

    public const string Prd = "/home/dev/src/api/PRD.md";

    /// <summary>What a loop's pane shows: the runner's header of each iteration over the agent's output.</summary>
    public static string LoopCapture(RunRecord run) => string.Join('\n',
        $"── {run.Name} · iteration {run.Loop!.Iteration - 1}/25 · ☑ {run.Loop.Done - 1}/{run.Loop.Total} ──",
        "⏺ Update(src/limiter.ts)",
        "  ⎿  Updated src/limiter.ts with 12 additions",
        "⏺ Bash(git commit -am 'Add jitter')",
        "",
        $"── {run.Name} · iteration {run.Loop.Iteration}/25 · ☑ {run.Loop.Done}/{run.Loop.Total} ──",
        "✻ Thinking… (esc to interrupt)",
        "");

    public static LoopStatus Status(LoopState state, int done = 7, int total = 12, int iteration = 4, int max = 25) =>
        new(Prd, ["claude", "-p", "{prompt}"], max, 3, state) { Done = done, Total = total, Iteration = iteration };

    /// <summary>A loop run: a run whose pane runs <c>sessiontui loop</c>, its state from the loop's (running, or the
    /// outcome of its end).</summary>
    public static RunRecord LoopRun(int session, string name, LoopStatus loop, TimeSpan age, TimeSpan? took = null) =>
        Run(session, name, loop.IsEnded ? RunStates.Outcome(loop.State) : RunState.Running, age, took) with
        {
            Command = ["/usr/local/bin/sessiontui", "loop", "--prd", Prd, "--max", "25", "--", "claude", "-p", "{prompt}"],
            Loop = loop,
        };

    /// <summary>Loops in each card state (running with a flagged iteration, waiting for a limit reset, stalled, completed,
    /// max-reached), newest first, and one plain run.</summary>
    public static ImmutableArray<RunRecord> EachState() =>
    [
        LoopRun(1, "ralph-api", Status(LoopState.Running) with { CheckedWithoutCommit = 1 }, TimeSpan.FromMinutes(25)),
        LoopRun(2, "ralph-docs", Status(LoopState.Waiting, 3, 8, 6) with { WaitingUntil = Now.AddMinutes(1), Waits = 1, Reason = "a usage limit: resets 4pm" }, TimeSpan.FromMinutes(50)),
        LoopRun(3, "ralph-ci", Status(LoopState.Running, 2, 9, 5) with { NoProgress = 2 }, TimeSpan.FromHours(1)),
        LoopRun(4, "ralph-done", Status(LoopState.Completed, 12, 12, 9) with { Reason = "all 12 items are checked" }, TimeSpan.FromHours(2), TimeSpan.FromMinutes(70)),
        LoopRun(5, "ralph-max", Status(LoopState.MaxReached, 4, 10, 25), TimeSpan.FromHours(3), TimeSpan.FromHours(2)),
        Run(6, "api-fix", RunState.Running, TimeSpan.FromMinutes(12)),
    ];

    /// <summary>A wall seeing the loops of <see cref="EachState"/> on the workcell server, clock times in <see cref="Zone"/>.</summary>
    public static WallState WallOfLoops(int width, int height)
    {
        var runs = EachState();
        var state = Initial(width, height, RunFixtures.Workcells) with { Workcells = Info, Settings = WallSettings.Default with { TimeZone = Zone } };
        state = Snapshot(state, RunFixtures.Workcells, runs.Select(r => (SessionOf(r), r.Loop is null ? AgentCapture : r.Loop.IsEnded ? "loop ended: " + RunStates.Text(r.Loop.State) + "\n\nPane is dead (status 0)" : LoopCapture(r))));
        return Send(state, new RunsLoaded(runs, null, Now));
    }

    /// <summary>The wall of loops showing the detail of ralph-api with its iterations (history, Tab, Enter, loaded).</summary>
    public static WallState LoopDetail(int width, int height)
    {
        var runs = EachState();
        var state = Keys(WallOfLoops(width, height), KeyChord.Of('H'), KeyChord.Of(ConsoleKey.Tab));
        state = Keys(Send(state, new RunHistoryLoaded(runs, null)), KeyChord.Of(ConsoleKey.Enter));
        return Send(state, new RunDetailLoaded(runs[0].RunId, LoopReport(runs[0]), null));
    }

    /// <summary>A snapshot of the sessions of <see cref="EachState"/> taken at <paramref name="at"/> (no captures).</summary>
    public static SnapshotReceived Tick(DateTimeOffset at) =>
        new(new ServerSnapshot(RunFixtures.Workcells, at, [.. EachState().Select(SessionOf)], ImmutableDictionary<string, string>.Empty));

    /// <summary>Four iterations of ralph-api: two commits and verify ✓; an item checked without a commit and verify ✗; a
    /// usage limit that reset an item; one still running.</summary>
    public static ImmutableArray<IterationRecord> Iterations(string runId)
    {
        var start = Now.AddMinutes(-25);
        return
        [
            new IterationRecord(runId, 1, IterationState.Ended, start)
            {
                Ended = start.AddMinutes(6),
                Exit = new RunExit(0, null),
                Command = ["claude", "-p", "Work on the next unchecked item of " + Prd],
                DoneBefore = 3,
                DoneAfter = 5,
                Total = 12,
                Checked = ["Add retry", "Add backoff"],
                Commits = [new CommitInfo("1ab0c1d2e3f405", "Retry 429 with backoff"), new CommitInfo("2bc1d2e3f40516", "Test bursts")],
                DiffStat = " src/limiter.ts | 18 ++++++++++++++----\n 1 file changed, 14 insertions(+), 4 deletions(-)",
                Changed = true,
                VerifyExit = 0,
                VerifyTail = "42 passed",
                Progress = true,
                OutputTail = "Committed 2 changes.",
            },
            new IterationRecord(runId, 2, IterationState.Ended, start.AddMinutes(6))
            {
                Ended = start.AddMinutes(9),
                Exit = new RunExit(0, null),
                Command = ["claude", "-p", "Work on the next unchecked item of " + Prd],
                DoneBefore = 5,
                DoneAfter = 6,
                Total = 12,
                Checked = ["Document the limits"],
                VerifyExit = 1,
                VerifyTail = "FAILED test_limits\n1 failed, 41 passed",
                CheckedWithoutCommit = true,
                OutputTail = "I checked the item.",
            },
            new IterationRecord(runId, 3, IterationState.Ended, start.AddMinutes(9))
            {
                Ended = start.AddMinutes(10),
                Exit = new RunExit(1, null),
                Command = ["claude", "-p", "Work on the next unchecked item of " + Prd],
                DoneBefore = 6,
                DoneAfter = 5,
                Total = 12,
                Unchecked = ["Add backoff"],
                Limit = new Diagnosis(FailureMode.RateLimit, "screen: You've hit your session limit · resets 4:05pm", "wait for the reset", Now.AddMinutes(1)),
                OutputTail = "You've hit your session limit · resets 4:05pm",
            },
            new IterationRecord(runId, 4, IterationState.Running, start.AddMinutes(20))
            {
                Command = ["claude", "-p", "Work on the next unchecked item of " + Prd],
                DoneBefore = 5,
                Total = 12,
            },
        ];
    }

    /// <summary>The detail of ralph-api with its iterations.</summary>
    public static RunReport LoopReport(RunRecord run) => new(run, null, null, null, []) { Iterations = Iterations(run.RunId) };

    private static SessionInfo SessionOf(RunRecord run)
    {
        var n = int.Parse(run.SessionId![1..], System.Globalization.CultureInfo.InvariantCulture);
        var dead = run.IsEnded;
        return Session(RunFixtures.Workcells, n, run.Name, dead ? "" : run.Loop is null ? run.Agent : "sessiontui", run.Cwd, Now - run.Started, TimeSpan.FromSeconds(dead ? 90 : 2), dead: dead, status: dead ? 0 : null);
    }
}
