using System.Collections.Immutable;
using SessionTui.Core;
using SessionTui.Core.Runs;
using static SessionTui.Tests.Ui.WallFixtures;

namespace SessionTui.Tests.Ui;

/// <summary>Workcell runs at the fixed time of <see cref="WallFixtures"/>: one of each outcome on the stable workcell server,
/// with sessions for their cards.</summary>
internal static class RunFixtures
{
    public const string Socket = "/home/dev/.local/state/sessiontui/tmux.sock";

    public static readonly ServerRef Workcells = new("workcells", ["-S", Socket], Socket);

    public static readonly WorkcellInfo Info = new(Workcells, ["aider", "claude", "codex", "gemini"], "claude");

    public static RunRecord Run(
        int session,
        string name,
        RunState state,
        TimeSpan age,
        TimeSpan? took = null,
        RunExit? exit = null,
        Verification? verification = null,
        string agent = "claude",
        string? parent = null)
    {
        var started = Now - age;
        var id = started.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture) + "-" + name;
        return new RunRecord(id, name, Socket, "workcells", "/home/dev/src/" + name, ["/usr/local/bin/" + agent, "Fix the 429 handling"], agent,
            "Fix the 429 handling", verification?.VerifyCommand, null, [], parent, "4f1c2e0", "/home/dev/.local/state/sessiontui/runs/" + id, state, started)
        {
            SessionId = "$" + session,
            PaneId = "%" + (session + 10),
            Ended = took is null ? null : started + took.Value,
            Exit = exit,
            Verification = verification,
        };
    }

    public static Verification Verified(int commits = 0, string? verify = null, int? verifyExit = null, string diffStat = "", string? tail = null) =>
        new(true, commits > 0 ? "9ab0c1d2e3" : null,
            [.. Enumerable.Range(1, commits).Select(i => new CommitInfo($"{i}ab0c1d2e3f4", i == 1 ? "Retry 429 with backoff" : $"Test step {i}"))],
            diffStat, [], [], verify, verifyExit, tail, null);

    /// <summary>One run of each outcome, newest first, with the session each lives in.</summary>
    public static ImmutableArray<(RunRecord Run, SessionInfo Session, string Capture)> EachOutcome() =>
    [
        Pair(Run(1, "api-fix", RunState.Running, TimeSpan.FromMinutes(12)), dead: false, AgentCapture),
        Pair(Run(2, "docs", RunState.Verifying, TimeSpan.FromMinutes(20), exit: new RunExit(0, null)), dead: true, "wrote docs/limits.md\n\nPane is dead (status 0)", status: 0),
        Pair(Run(3, "rate-limit", RunState.Succeeded, TimeSpan.FromMinutes(47), TimeSpan.FromMinutes(31), new RunExit(0, null), Verified(3, "npm test", 0)), dead: true, "All done: 3 commits.\n\nPane is dead (status 0)", status: 0),
        Pair(Run(4, "orders-index", RunState.Failed, TimeSpan.FromHours(2), TimeSpan.FromMinutes(54), new RunExit(1, null), Verified(1, "npm test", 1)), dead: true, TestsCapture, status: 1),
        Pair(Run(5, "flaky-ci", RunState.Failed, TimeSpan.FromHours(3), TimeSpan.FromMinutes(8), new RunExit(null, 9), Verified(), "codex"), dead: true, "Pane is dead (signal 9)", signal: 9),
        Pair(Run(6, "readme", RunState.NoOp, TimeSpan.FromHours(4), TimeSpan.FromMinutes(2), new RunExit(0, null), Verified(), "aider"), dead: true, "Nothing to change.\n\nPane is dead (status 0)", status: 0),
        Pair(Run(7, "spike", RunState.Killed, TimeSpan.FromHours(5), TimeSpan.FromMinutes(40)), dead: false, ShellCapture),
        Pair(Run(8, "migrate", RunState.Vanished, TimeSpan.FromHours(6), TimeSpan.FromHours(1)), dead: false, ShellCapture),
    ];

    /// <summary>A wall on the workcell server after a snapshot of the sessions and the runs loaded.</summary>
    public static WallState WallOfRuns(int width, int height)
    {
        var all = EachOutcome();
        var state = Initial(width, height, Workcells) with { Workcells = Info };
        state = Snapshot(state, Workcells, all.Select(a => (a.Session, a.Capture)));
        return Send(state, new RunsLoaded([.. all.Select(a => a.Run)], null, Now));
    }

    public static RunReport Report(RunRecord run) => new(
        run,
        "# Brief: rate-limit\n\nRun `" + run.RunId + "`, started 2026-11-21 14:17 UTC in `/home/dev/src/rate-limit`.\n\n## Task\n\nFix the **429 handling** in the rate limiter: retry with `backoff` and a jitter of at most 250 ms, so that bursts from one client do not starve the others.\n\n## When you stop\n\n- Commit your work.\n- Write your handoff to `handoff.md`.\n",
        "# Handoff: rate-limit\n\n## Done\n\n- Retry with exponential backoff (`src/limiter.ts`)\n- Tests for bursts\n\n## Next\n\n1. Tune the jitter\n2. Document the limits\n\n```\nnpm test -- limiter\n```\n",
        null,
        []);

    private static (RunRecord, SessionInfo, string) Pair(RunRecord run, bool dead, string capture, int? status = null, int? signal = null)
    {
        var n = int.Parse(run.SessionId![1..], System.Globalization.CultureInfo.InvariantCulture);
        var session = Session(Workcells, n, run.Name, dead ? "" : run.Agent, run.Cwd, Now - run.Started, TimeSpan.FromSeconds(dead ? 90 : 2), dead: dead, status: status, signal: signal);
        return (run, session, capture);
    }
}
