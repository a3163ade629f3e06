using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Workcells.Cleanup;
using SessionTui.Workcells.Loops;

namespace SessionTui.Tests.Cleanup;

/// <summary>What <c>sessiontui cleanup</c> removes and keeps, and why: sessions by agent state, age and refusals; stale
/// loop locks; run folders by their run's end and the retention.</summary>
public sealed class CleanupPlanTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly CleanupRequest Default = new(false, null, false, false, TimeSpan.FromDays(30));

    [Fact]
    public void By_default_exited_and_dead_sessions_go_and_live_ones_stay_with_their_state_as_the_reason()
    {
        var plan = Sessions(Default, Session("done", AgentState.Exited, exit: 3), Session("crashed", AgentState.Dead, signal: 9), Session("shell", AgentState.Idle));

        Assert.Equal(
            [("crashed", CleanupAction.Remove, "dead: signal 9 (SIGKILL)"), ("done", CleanupAction.Remove, "exited 3"), ("shell", CleanupAction.Keep, "idle: neither exited nor dead (--all takes it)")],
            plan.Select(i => (i.Target, i.Action, i.Reason)));
        Assert.All(plan, i => Assert.False(i.Forced));
    }

    [Fact]
    public void All_takes_every_session_but_refuses_working_waiting_and_attached_ones_without_force()
    {
        var sessions = new[]
        {
            Session("idle", AgentState.Idle),
            Session("limited", AgentState.RateLimited),
            Session("busy", AgentState.Working),
            Session("asking", AgentState.Waiting),
            Session("watched", AgentState.Exited, exit: 0, attached: 2),
        };

        var plan = Sessions(Default with { All = true }, sessions);

        Assert.Equal(
            [
                ("asking", CleanupAction.Keep, "waiting; refused: it is waiting for input (--force overrides)"),
                ("busy", CleanupAction.Keep, "working; refused: it is working (--force overrides)"),
                ("idle", CleanupAction.Remove, "idle"),
                ("limited", CleanupAction.Remove, "rate-limited"),
                ("watched", CleanupAction.Keep, "exited 0; refused: 2 clients are attached (--force overrides)"),
            ],
            plan.Select(i => (i.Target, i.Action, i.Reason)));
    }

    [Fact]
    public void Force_removes_refused_sessions_and_says_past_what_per_item()
    {
        var plan = Sessions(
            Default with { All = true, Force = true },
            Session("busy", AgentState.Working, attached: 1),
            Session("idle", AgentState.Idle));

        Assert.Equal(
            [("busy", CleanupAction.Remove, "working; forced: a client is attached, it is working", true), ("idle", CleanupAction.Remove, "idle", false)],
            plan.Select(i => (i.Target, i.Action, i.Reason, i.Forced)));
    }

    [Fact]
    public void The_session_cleanup_runs_in_is_never_removed_even_with_force()
    {
        var plan = Sessions(Default with { All = true, Force = true }, Session("me", AgentState.Working, own: true));

        Assert.Equal((CleanupAction.Keep, "working: this cleanup runs in it"), (plan[0].Action, plan[0].Reason));
    }

    [Fact]
    public void Older_than_keeps_sessions_with_recent_output_or_a_recent_end()
    {
        var request = Default with { OlderThan = TimeSpan.FromHours(2) };
        var plan = Sessions(
            request,
            Session("fresh", AgentState.Exited, exit: 0, lastOutput: Now.AddMinutes(-30)),
            Session("just ended", AgentState.Exited, exit: 1, lastOutput: Now.AddHours(-5), ended: Now.AddMinutes(-10)),
            Session("old", AgentState.Dead, signal: 15, lastOutput: Now.AddHours(-5), ended: Now.AddHours(-3)),
            Session("old, end unknown", AgentState.Exited, exit: 0, lastOutput: Now.AddHours(-3)));

        Assert.Equal(
            [
                ("fresh", CleanupAction.Keep, "exited 0: last output 30m ago, within --older-than 2h"),
                ("just ended", CleanupAction.Keep, "exited 1: ended 10m ago, within --older-than 2h"),
                ("old", CleanupAction.Remove, "dead: signal 15 (SIGTERM), last output 5h ago"),
                ("old, end unknown", CleanupAction.Remove, "exited 0, last output 3h ago"),
            ],
            plan.Select(i => (i.Target, i.Action, i.Reason)));
    }

    [Fact]
    public void Older_than_with_all_ages_live_sessions_by_their_last_output()
    {
        var plan = Sessions(
            Default with { All = true, OlderThan = TimeSpan.FromDays(1) },
            Session("stale shell", AgentState.Idle, lastOutput: Now.AddDays(-3)),
            Session("today", AgentState.Idle, lastOutput: Now.AddHours(-1)));

        Assert.Equal([CleanupAction.Remove, CleanupAction.Keep], plan.Select(i => i.Action));
    }

    [Fact]
    public void Only_stale_locks_go()
    {
        var plan = CleanupPlan.Make(
            Default,
            [],
            [
                new LockFacts("/s/loops/a.lock", new LoopLockInfo("a", 10, Now, "run-a"), "its run run-a has ended"),
                new LockFacts("/s/loops/b.lock", new LoopLockInfo("b", 11, Now, "run-b"), null),
                new LockFacts("/s/loops/c.lock", new LoopLockInfo("c", 12, Now, null), null),
            ],
            [],
            Now);

        Assert.Equal(
            [
                (CleanupAction.Remove, "stale: loop 'a': its run run-a has ended", "run-a"),
                (CleanupAction.Keep, "live: loop 'b' runs (run run-b)", "run-b"),
                (CleanupAction.Keep, "live: loop 'c' is starting (pid 12)", null),
            ],
            plan.Select(i => (i.Action, i.Reason, i.Id)));
        Assert.All(plan, i => Assert.Equal((CleanupKind.Lock, (string?)null), (i.Kind, i.Server)));
    }

    [Fact]
    public void Run_folders_go_once_their_run_ended_longer_ago_than_the_retention()
    {
        var plan = Folders(
            Default,
            Folder("old", Run("old", RunState.Succeeded, ended: Now.AddDays(-31))),
            Folder("recent", Run("recent", RunState.Failed, ended: Now.AddDays(-29))),
            Folder("active", Run("active", RunState.Running, ended: null)),
            Folder("resumed", Run("resumed", RunState.Killed, ended: Now.AddDays(-40)), activeChild: "child"),
            Folder("no end", Run("no end", RunState.Vanished, ended: null)),
            new RunFolderFacts("/s/runs/notes", "notes", null, "no status.json: not a run folder", null));

        Assert.Equal(
            [
                ("active", CleanupAction.Keep, "active: running"),
                ("no end", CleanupAction.Keep, "vanished: its end time is unknown"),
                ("notes", CleanupAction.Keep, "no status.json: not a run folder"),
                ("old", CleanupAction.Remove, "succeeded, ended 31d ago (retention 30d)"),
                ("recent", CleanupAction.Keep, "failed, ended 29d ago, within retention 30d"),
                ("resumed", CleanupAction.Keep, "killed: the active run child resumes it"),
            ],
            plan.Select(i => (i.Id, i.Action, i.Reason)));
    }

    [Fact]
    public void Older_than_replaces_the_retention_for_run_folders()
    {
        var plan = Folders(Default with { OlderThan = TimeSpan.FromHours(1) }, Folder("today", Run("today", RunState.NoOp, ended: Now.AddHours(-2))));

        Assert.Equal((CleanupAction.Remove, "no-op, ended 2h ago (--older-than 1h)"), (plan[0].Action, plan[0].Reason));
    }

    [Fact]
    public void Exited_considers_only_sessions()
    {
        var plan = CleanupPlan.Make(
            Default with { ExitedOnly = true },
            [Session("done", AgentState.Exited, exit: 0)],
            [new LockFacts("/s/loops/a.lock", new LoopLockInfo("a", 1, Now, "r"), "its run r has ended")],
            [Folder("old", Run("old", RunState.Succeeded, ended: Now.AddDays(-90)))],
            Now);

        Assert.Equal([(CleanupKind.Session, CleanupAction.Remove)], plan.Select(i => (i.Kind, i.Action)));
    }

    [Fact]
    public void Items_name_the_session_by_id_and_server_and_keep_hostile_names_verbatim()
    {
        const string Name = "-x it's \"q\"; $(touch pwned) ünï";

        var item = Sessions(Default, Session(Name, AgentState.Exited, exit: 0))[0];

        Assert.Equal((CleanupKind.Session, Name, "$7", "work", "/tmp/sock|$7"), (item.Kind, item.Target, item.Id, item.Server, item.Key));
    }

    private static IReadOnlyList<CleanupItem> Sessions(CleanupRequest request, params SessionFacts[] sessions) =>
        CleanupPlan.Make(request, sessions, [], [], Now);

    private static IReadOnlyList<CleanupItem> Folders(CleanupRequest request, params RunFolderFacts[] folders) =>
        CleanupPlan.Make(request, [], [], folders, Now);

    private static SessionFacts Session(
        string name, AgentState state, int? exit = null, int? signal = null, int attached = 0, DateTimeOffset? lastOutput = null, DateTimeOffset? ended = null, bool own = false) =>
        new("/tmp/sock|$7", "work", "$7", name, state, exit, signal, attached, lastOutput ?? Now.AddMinutes(-1), ended, own);

    private static RunFolderFacts Folder(string id, RunRecord run, string? activeChild = null) =>
        new("/s/runs/" + id, id, run, null, activeChild);

    private static RunRecord Run(string id, RunState state, DateTimeOffset? ended) =>
        new RunRecord(id, "api", "/s", "workcells", "/src/api", ["/bin/a"], "a", "t", null, null, [], null, null, "/s/runs/" + id, state, Now.AddDays(-100)) { Ended = ended };
}
