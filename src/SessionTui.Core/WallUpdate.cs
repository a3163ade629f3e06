using System.Collections.Immutable;
using SessionTui.Core.History;
using SessionTui.Core.Runs;

namespace SessionTui.Core;

/// <summary>
/// The pure update of the wall: <c>(State, Cmds) = Update(State, Msg)</c>. No I/O and no clock reads; time arrives in
/// messages. Returns the same state instance when nothing changed. Every message also steps the history tracker
/// (<see cref="WallState.Recorded"/>), whose writes are appended as history Cmds.
/// </summary>
public static class WallUpdate
{
    private static readonly IReadOnlyList<Cmd> None = [];

    /// <summary>Applies <paramref name="msg"/> to <paramref name="state"/>.</summary>
    /// <returns>The next state (the same instance when unchanged) and the effects to run, in order.</returns>
    public static (WallState State, IReadOnlyList<Cmd> Cmds) Update(WallState state, Msg msg)
    {
        var (next, cmds) = Apply(state, msg);
        var (recorded, writes) = next.Recorded.Observe(msg);
        if (!ReferenceEquals(recorded, next.Recorded))
        {
            next = next with { Recorded = recorded };
        }

        if (writes.Count > 0)
        {
            cmds = [.. cmds, .. writes];
        }

        if (ReferenceEquals(next, state))
        {
            return (state, cmds);
        }

        var before = Watch(state);
        var after = Watch(next);
        return before.Lines == after.Lines && SamePanes(before.Panes, after.Panes) ? (next, cmds) : (next, [.. cmds, after]);
    }

    /// <summary>What the next ticks must capture for <paramref name="state"/>: <see cref="PanesOnScreen"/> and the preview lines
    /// the view can show (a zoomed card's inner height, else a grid card's).</summary>
    public static WatchPanes Watch(WallState state)
    {
        var lines = state.Zoomed ? state.Height - GridLayout.Chrome - 3 : state.Layout.CardHeight - 3;
        return new WatchPanes(PanesOnScreen(state), Math.Max(1, lines));
    }

    /// <summary>The panes the wall shows now, per server: the cards of the current page, or the zoomed card; none in the
    /// history views.</summary>
    public static ImmutableDictionary<ServerRef, ImmutableHashSet<string>> PanesOnScreen(WallState state)
    {
        var onScreen = state.InHistory ? [] : state.PageCards();
        return state.Servers.ToImmutableDictionary(
            s => s,
            s => onScreen.Where(c => c.Server.Equals(s)).Select(c => c.PaneId).ToImmutableHashSet(StringComparer.Ordinal));
    }

    private static (WallState, IReadOnlyList<Cmd>) Apply(WallState s, Msg msg)
    {
        // An intent clears the last status message before it runs (it may set a new one); typing a filter keeps it, and an
        // intent that changes nothing leaves the state as it was.
        var cleared = msg is Intent and not FilterTextChanged and not LaunchFieldChanged and not LaunchFieldFocused && s.Status is not null ? s with { Status = null } : s;
        var (next, cmds) = ApplyMsg(cleared, msg);
        return ReferenceEquals(next, cleared) && cmds.Count == 0 ? (s, cmds) : (next, cmds);
    }

    private static (WallState, IReadOnlyList<Cmd>) ApplyMsg(WallState s, Msg msg) => msg switch
    {
        MoveSelection m => Move(s, m.Dx, m.Dy),
        PageMove p => Page(s, p.Pages),
        AttachRequested a => Attach(s, a.ReadOnly),
        KillRequested => s.SelectedCard() is { } target
            ? (s with { Mode = WallMode.ConfirmKill, Underneath = s.Mode, KillTarget = target }, None)
            : (s, None),
        KillConfirmed => s.KillTarget is { } t
            ? (s with { Mode = s.Underneath, KillTarget = null, Status = "killing " + t.Name + "…" },
                [new KillSession(t.Server, t.SessionId, t.Name, t.PaneId, t.Created, t.ServerPid)])
            : (s, None),
        Back => OnBack(s),
        ZoomRequested => s.Mode == WallMode.Zoom
            ? (s with { Mode = WallMode.Grid }, None)
            : s.SelectedCard() is null ? (s, None) : (s with { Mode = WallMode.Zoom }, None),
        FilterStarted => (s with { Mode = WallMode.Filter, Underneath = WallMode.Grid }, None),
        FilterTextChanged f => s.Mode == WallMode.Filter && f.Text != s.Filter ? (Reselect(s, s with { Filter = f.Text }), None) : (s, None),
        FilterCommitted => (s with { Mode = WallMode.Grid }, None),
        SortCycled => Sorted(s, (SortOrder)(((int)s.Sort + 1) % Enum.GetValues<SortOrder>().Length)),
        NextNeedingYou n => s.Mode is WallMode.Grid or WallMode.Zoom ? JumpToNeed(s, n.Direction) : (s, None),
        HistoryRequested => (s with { Mode = WallMode.History, HistorySelected = 0, HistoryScreen = null }, [new LoadHistory(s.Settings.HistoryLimit)]),
        HistoryOpenRequested => OpenHistory(s),
        OpenHistoryRow o => s.Mode == WallMode.History && o.Index >= 0 && o.Index < s.History.Length
            ? OpenHistory(s with { HistorySelected = o.Index })
            : (s, None),
        SelectCard c => s.Mode is WallMode.Grid or WallMode.Zoom && c.Key != s.SelectedKey && s.VisibleCards().Any(v => v.Key == c.Key)
            ? (s with { SelectedKey = c.Key }, None)
            : (s, None),
        HelpToggled => s.Mode == WallMode.Help
            ? (s with { Mode = s.Underneath }, None)
            : (s with { Mode = WallMode.Help, Underneath = s.Mode }, None),
        RefreshRequested => s.Mode == WallMode.Runs ? (s, [new LoadRunHistory(s.Settings.HistoryLimit)]) : (s, [new RefreshNow()]),
        QuitRequested => (s, [new Quit(0)]),
        SnapshotReceived r => OnSnapshot(s, r.Snapshot),
        ServerUnavailable u => OnServerDown(s, u),
        Resized r => r.Width == s.Width && r.Height == s.Height ? (s, None) : (Relaid(s with { Width = r.Width, Height = r.Height, HistoryScroll = ClampScroll(s with { Width = r.Width, Height = r.Height }, s.HistoryScroll) }), None),
        AttachFinished a => (s with { Status = a.Error is null ? "detached from " + a.Name : "attach to " + a.Name + " failed: " + a.Error }, [new RefreshNow()]),
        KillFinished k => k.Error is null
            ? (Reselect(s, s with { Cards = s.Cards.RemoveAll(c => c.Key == k.Key), Status = "killed " + k.Name }), [new RefreshNow()])
            : (s with { Status = "kill " + k.Name + " failed: " + k.Error }, [new RefreshNow()]),
        HistoryLoaded h => (s with { History = h.Entries, HistorySelected = 0, Status = h.Problem ?? s.Status }, None),
        HistoryScreenLoaded h => s.Mode == WallMode.HistoryDetail
            ? ShowScreen(s, h.Screen ?? "", h.Problem)
            : (s, None),
        StoreUnavailable p => p.Problem == s.StoreProblem ? (s, None) : (s with { StoreProblem = p.Problem }, None),
        EffectFailed f => (s with { Status = f.Effect + " failed: " + f.Error }, None),
        StoreRecovered => s.StoreProblem is null ? (s, None) : (s with { StoreProblem = null }, None),
        HistoryWriteFailed h => (s with { Status = "history not written: " + OneLine.Of(h.Error) }, None),
        LaunchRequested => OpenLaunch(s),
        LaunchFieldChanged f => s.Mode == WallMode.Launch && s.Launch is { } form && form[f.Field] != f.Text
            ? (s with { Launch = form.With(f.Field, f.Text) }, None)
            : (s, None),
        LaunchSubmitted => Submit(s),
        LaunchFocusMoved m => s.Mode == WallMode.Launch && s.Launch is { } moving ? (s with { Launch = moving.Moved(m.Delta) }, None) : (s, None),
        LaunchFieldFocused f => s.Mode == WallMode.Launch && s.Launch is { } focusing && focusing.Focus != f.Field
            ? (s with { Launch = focusing with { Focus = f.Field } }, None)
            : (s, None),
        LaunchFailed f => s.Mode == WallMode.Launch && s.Launch is { } form
            ? (s with { Launch = form.Failed(f.Field, f.Error) }, None)
            : (s with { Status = "launch failed: " + f.Error }, None),
        Launched l => OnLaunched(s, l),
        ResumeFailed f => (s with { Status = "resume " + f.Name + " failed: " + f.Error }, None),
        EditorFinished e => (s with { Status = e.Error is null ? "edited " + e.What : "editing " + e.What + " failed: " + e.Error }, None),
        EditHandoffRequested => EditHandoff(s),
        ResumeRequested => Resume(s),
        RunsToggled => s.Mode switch
        {
            WallMode.History => (s with { Mode = WallMode.Runs, RunSelected = 0 }, [new LoadRunHistory(s.Settings.HistoryLimit)]),
            WallMode.Runs => (s with { Mode = WallMode.History, HistorySelected = 0, HistoryScreen = null }, [new LoadHistory(s.Settings.HistoryLimit)]),
            _ => (s, None),
        },
        RunOpenRequested => OpenRun(s),
        OpenRunRow o => s.Mode == WallMode.Runs && o.Index >= 0 && o.Index < s.RunHistory.Length
            ? OpenRun(s with { RunSelected = o.Index })
            : (s, None),
        RunsLoaded r => OnRunsLoaded(s, r),
        RunHistoryLoaded h => (s with { RunHistory = h.Problem is null ? h.Runs : s.RunHistory, RunSelected = Clamp(s.RunSelected, h.Problem is null ? h.Runs.Length : s.RunHistory.Length), Status = h.Problem is null ? s.Status : "runs: " + h.Problem }, None),
        RunDetailLoaded d => OnRunDetail(s, d),
        IterationOpenRequested => OpenIteration(s),
        OpenIterationRow o => s.Mode == WallMode.RunDetail && s.RunDetail is { } shown && o.Index >= 0 && o.Index < shown.Iterations.Length
            ? OpenIteration(s with { IterationSelected = o.Index })
            : (s, None),
        _ => (s, None),
    };

    /// <summary>Columns of the run detail's text: the body minus the frame and its margins.</summary>
    public static int DocWidth(WallState state) => Math.Max(10, state.Width - 4);

    private static WallState Relaid(WallState s)
    {
        if (s.RunDetail is not { } detail)
        {
            return s;
        }

        var doc = RunDocument.Build(detail, DocWidth(s), s.Settings.Measure, s.Settings.TimeZone);
        s = s with { RunDoc = doc, RunScroll = Math.Clamp(s.RunScroll, 0, MaxRunScroll(s, doc)) };
        if (s.IterationDoc.IsEmpty || IterationDocument(s) is not { } lines)
        {
            return s;
        }

        return s with { IterationDoc = lines, IterationScroll = Math.Clamp(s.IterationScroll, 0, MaxRunScroll(s, lines)) };
    }

    /// <summary>The lines of the selected iteration of the loop shown, at the current width; null when there is none.</summary>
    private static ImmutableArray<DocLine>? IterationDocument(WallState s) =>
        s.RunDetail is { } detail && s.IterationSelected >= 0 && s.IterationSelected < detail.Iterations.Length
            ? RunDocument.BuildIteration(detail.Run, detail.Iterations[s.IterationSelected], DocWidth(s), s.Settings.Measure, s.Settings.TimeZone)
            : null;

    /// <summary>Opens the selected iteration of the loop shown in the run detail.</summary>
    private static (WallState, IReadOnlyList<Cmd>) OpenIteration(WallState s) =>
        s.Mode == WallMode.RunDetail && IterationDocument(s) is { } lines
            ? (s with { Mode = WallMode.IterationDetail, IterationDoc = lines, IterationScroll = 0 }, None)
            : (s, None);

    /// <summary>Selects the iteration <paramref name="dy"/> lines away in a loop's detail and scrolls its line into view;
    /// null when there is no iteration that far (the detail then scrolls instead).</summary>
    private static WallState? SelectIteration(WallState s, int dy)
    {
        if (s.RunDetail is not { Iterations.IsEmpty: false } detail)
        {
            return null;
        }

        var next = Clamp(s.IterationSelected + dy, detail.Iterations.Length);
        var line = Enumerable.Range(0, s.RunDoc.Length).FirstOrDefault(i => s.RunDoc[i].Item == next, -1);
        if (next == s.IterationSelected || line < 0)
        {
            return null;
        }

        var scroll = Math.Clamp(s.RunScroll, line - DetailRows(s) + 1, line);
        return s with { IterationSelected = next, RunScroll = Math.Clamp(scroll, 0, MaxRunScroll(s, s.RunDoc)) };
    }

    private static int MaxRunScroll(WallState s, ImmutableArray<DocLine> doc) => Math.Max(0, doc.Length - DetailRows(s));

    private static (WallState, IReadOnlyList<Cmd>) OpenLaunch(WallState s)
    {
        if (s.Mode is not (WallMode.Grid or WallMode.Zoom))
        {
            return (s, None);
        }

        if (s.Workcells is null)
        {
            return (s with { Status = "cannot launch: no state folder for workcells (set XDG_STATE_HOME or HOME)" }, None);
        }

        // A dead pane reports no path: a run's card then offers its run's directory, any other the wall's own.
        var card = s.SelectedCard();
        var directory = card?.Run is { } view && s.RunById(view.RunId) is { } run ? run.Cwd : card?.Path;
        return (s with { Mode = WallMode.Launch, Underneath = s.Mode, Launch = LaunchForm.New(string.IsNullOrEmpty(directory) ? s.Workcells.StartDirectory : directory) }, None);
    }

    private static (WallState, IReadOnlyList<Cmd>) Submit(WallState s)
    {
        if (s.Mode != WallMode.Launch || s.Launch is not { Busy: false } form || s.Workcells is not { } workcells)
        {
            return (s, None);
        }

        var (spec, field, error) = Validate(s, form, workcells);
        return spec is null
            ? (s with { Launch = form.Failed(field, error!) }, None)
            : (s with { Launch = form with { Busy = true, Error = null, ErrorField = null } }, [new LaunchRun(spec)]);
    }

    /// <summary>What can be checked of a launch without I/O: the runner checks the rest (the name by tmux's rules, the
    /// directory and brief file on disk, the command on PATH) and answers with <see cref="LaunchFailed"/>.</summary>
    private static (LaunchSpec? Spec, LaunchField? Field, string? Error) Validate(WallState s, LaunchForm form, WorkcellInfo workcells)
    {
        var name = form[LaunchField.Name];
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, LaunchField.Name, "the name is empty");
        }

        if (s.Cards.Any(c => c.Server.Equals(workcells.Server) && c.Name == name))
        {
            return (null, LaunchField.Name, $"a session named '{name}' already exists on {workcells.Server.Label}");
        }

        var directory = form[LaunchField.Directory].Trim();
        if (directory.Length == 0)
        {
            return (null, LaunchField.Directory, "the directory is empty");
        }

        var (command, commandError) = Argv.Split(form[LaunchField.Command]);
        if (commandError is not null)
        {
            return (null, LaunchField.Command, commandError);
        }

        var agent = form[LaunchField.Agent].Trim();
        if (command.IsEmpty && agent.Length > 0 && !workcells.Agents.Contains(agent))
        {
            return (null, LaunchField.Agent, $"no agent preset '{agent}'; presets: {string.Join(", ", workcells.Agents)}");
        }

        var task = form[LaunchField.Task];
        var brief = form[LaunchField.Brief].Trim();
        if (string.IsNullOrWhiteSpace(task) == (brief.Length == 0))
        {
            return (null, LaunchField.Task, brief.Length == 0 ? "give a task or a brief file" : "give a task or a brief file, not both");
        }

        var verify = form[LaunchField.Verify].Trim();
        return (new LaunchSpec(
            name,
            directory,
            command,
            agent.Length == 0 ? null : agent,
            string.IsNullOrWhiteSpace(task) ? null : task,
            brief.Length == 0 ? null : brief,
            verify.Length == 0 ? null : verify,
            workcells.Server), null, null);
    }

    private static (WallState, IReadOnlyList<Cmd>) OnLaunched(WallState s, Launched l)
    {
        var next = s with
        {
            Runs = [l.Run, .. s.Runs.Where(r => r.RunId != l.Run.RunId)],
            Status = (l.Resumed ? "resumed " : "launched ") + l.Run.Name + " (run " + l.Run.RunId + ")",
        };
        if (s.Mode == WallMode.Launch)
        {
            next = next with { Mode = s.Underneath, Launch = null };
        }
        else if (l.Resumed && s.InHistory)
        {
            next = next with { Mode = WallMode.Grid, RunDetail = null, RunDoc = [], RunScroll = 0, IterationDoc = [], IterationScroll = 0, History = [], HistoryScreen = null };
        }

        next = next.VisibleCards().Any(c => c.Key == l.SessionKey)
            ? next with { SelectedKey = l.SessionKey, SelectWhenSeen = null }
            : next with { SelectWhenSeen = l.SessionKey };
        return (next, [new RefreshNow()]);
    }

    /// <summary>The run the run keys act on: the selected card's, the selected row's, or the one shown.</summary>
    private static (RunRecord? Run, string? Problem) TargetRun(WallState s)
    {
        switch (s.Mode)
        {
            case WallMode.Grid or WallMode.Zoom:
                var card = s.SelectedCard();
                if (card is null)
                {
                    return (null, null);
                }

                return card.Run is { } view && s.RunById(view.RunId) is { } run
                    ? (run, null)
                    : (null, card.Name + " is not a workcell run");
            case WallMode.Runs:
                return s.RunSelected < s.RunHistory.Length ? (s.RunHistory[s.RunSelected], null) : (null, null);
            case WallMode.RunDetail or WallMode.IterationDetail:
                return (s.RunDetail?.Run, null);
            default:
                return (null, null);
        }
    }

    private static (WallState, IReadOnlyList<Cmd>) EditHandoff(WallState s)
    {
        var (run, problem) = TargetRun(s);
        if (run is null)
        {
            return problem is null ? (s, None) : (s with { Status = problem }, None);
        }

        var what = "the handoff of " + run.Name;
        return (s with { Status = "editing " + what + "…" }, [new EditFile(System.IO.Path.Join(run.RunDir, "handoff.md"), what)]);
    }

    private static (WallState, IReadOnlyList<Cmd>) Resume(WallState s)
    {
        var (run, problem) = TargetRun(s);
        if (run is null)
        {
            return problem is null ? (s, None) : (s with { Status = problem }, None);
        }

        return run.IsEnded
            ? (s with { Status = "resuming " + run.Name + "…" }, [new ResumeRun(run.RunId, run.Name)])
            : (s with { Status = run.Name + " is still " + RunStates.Text(run.State) + "; resume it once it has ended" }, None);
    }

    private static (WallState, IReadOnlyList<Cmd>) OpenRun(WallState s)
    {
        if (s.Mode != WallMode.Runs || s.RunSelected >= s.RunHistory.Length)
        {
            return (s, None);
        }

        var run = s.RunHistory[s.RunSelected];
        return (s with { Mode = WallMode.RunDetail, RunDetail = null, RunDoc = [], RunScroll = 0 }, [new LoadRunDetail(run.RunId)]);
    }

    private static (WallState, IReadOnlyList<Cmd>) OnRunDetail(WallState s, RunDetailLoaded d)
    {
        if (s.Mode is WallMode.RunDetail or WallMode.IterationDetail && s.RunDetail?.Run.RunId == d.RunId && d.Detail is { } fresh)
        {
            // A running loop's open detail read again: same place, same selection, new progress.
            return (Relaid(s with { RunDetail = fresh, IterationSelected = Math.Clamp(s.IterationSelected, 0, Math.Max(0, fresh.Iterations.Length - 1)) }), None);
        }

        if (s.Mode != WallMode.RunDetail || s.RunDetail is not null)
        {
            return (s, None);
        }

        if (d.Detail is not { } detail)
        {
            return (s with { Mode = WallMode.Runs, Status = "run " + d.RunId + ": " + (d.Problem ?? "not found") }, None);
        }

        return (s with
        {
            RunDetail = detail,
            RunDoc = RunDocument.Build(detail, DocWidth(s), s.Settings.Measure, s.Settings.TimeZone),
            RunScroll = 0,
            IterationSelected = Math.Max(0, detail.Iterations.Length - 1),
        }, None);
    }

    private static (WallState, IReadOnlyList<Cmd>) OnRunsLoaded(WallState s, RunsLoaded r)
    {
        var runs = r.Problem is null ? r.Runs : s.Runs;
        var cards = RunCards.Attach(s.Cards, runs, r.At, s.Settings.TimeZone);
        // The open detail of a loop that was running is read again when the runs show it moved on.
        var open = s.Mode is WallMode.RunDetail or WallMode.IterationDetail && s.RunDetail?.Run is { Loop.IsEnded: false } shown
            && runs.FirstOrDefault(x => x.RunId == shown.RunId) is { } now && Moved(shown, now)
            ? [new LoadRunDetail(shown.RunId)]
            : None;
        // A top-level run read as running before and ended now: the watchdog tells its outcome (a pipeline's stages are
        // told by the pipeline's own end).
        var running = s.Runs.Where(x => !x.IsEnded).Select(x => x.RunId).ToHashSet(StringComparer.Ordinal);
        var finished = r.Problem is null
            ? runs.Where(x => x.IsEnded && running.Contains(x.RunId) && x.Loop?.Stage is null)
                .Select(x => (Cmd)new RunFinished(x, cards.FirstOrDefault(c => c.Run?.RunId == x.RunId)?.AttachedClients ?? 0, r.At))
                .ToList()
            : [];
        if (finished.Count > 0)
        {
            open = [.. open, .. finished];
        }

        return (s with
        {
            Runs = runs,
            RunsAt = r.Problem is null ? r.At : s.RunsAt,
            RunsLoading = false,
            Cards = cards,
            Status = r.Problem is null ? s.Status : "runs not loaded: " + r.Problem,
        }, open);
    }

    /// <summary>Whether a loop run's progress differs between two reads of it.</summary>
    private static bool Moved(RunRecord before, RunRecord after) =>
        before.State != after.State || before.Loop is not { } a || after.Loop is not { } b
        || (a.State, a.Iteration, a.Done, a.Total, a.NoProgress, a.Waits, a.CheckedWithoutCommit, a.WaitingUntil)
            != (b.State, b.Iteration, b.Done, b.Total, b.NoProgress, b.Waits, b.CheckedWithoutCommit, b.WaitingUntil);

    /// <summary>
    /// After a snapshot of <paramref name="snap"/>'s server: asks for the runs again (one load at a time) when the cards
    /// need them — the first time (with the reconciler, for ends recorded while no wall ran), when a run's pane is dead but
    /// its run has not ended yet (the exit hook and verification are on their way), when a session new on the workcell server
    /// has no run yet (a launch from the command line), every <see cref="WallSettings.LoopRefresh"/> (snapshot time) while a
    /// loop runs in a live pane (its progress), and with the reconciler when a run's session disappeared or its pane has been
    /// dead for a while without an end being recorded (each run once).
    /// </summary>
    private static (WallState, IReadOnlyList<Cmd>) AskRuns(WallState before, WallState s, ServerSnapshot snap)
    {
        if (s.RunsLoading)
        {
            return (s, None);
        }

        var load = !s.RunsAsked;
        var reconcile = !s.RunsAsked;
        var reconciled = s.Reconciled;
        foreach (var run in s.Runs)
        {
            if (run.IsEnded || run.SessionId is null || !string.Equals(run.Socket, snap.Server.SocketPath, StringComparison.Ordinal))
            {
                continue;
            }

            var session = snap.Sessions.FirstOrDefault(x => x.SessionId == run.SessionId && (run.ServerPid == 0 || x.ServerPid == 0 || x.ServerPid == run.ServerPid));
            if (session is null || (session.ActivePane.Dead && run.State == RunState.Running && snap.TakenAt - session.ActivePane.WindowActivity > HookGrace))
            {
                if (!reconciled.Contains(run.RunId))
                {
                    reconcile = true;
                    reconciled = reconciled.Add(run.RunId);
                }
            }
            else if (session.ActivePane.Dead || (run.Loop is { IsEnded: false } && snap.TakenAt - s.RunsAt >= s.Settings.LoopRefresh))
            {
                load = true;
            }
        }

        if (s.Workcells?.Server.Equals(snap.Server) == true)
        {
            var known = before.Cards.Where(c => c.Server.Equals(snap.Server)).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
            load |= s.Cards.Any(c => c.Server.Equals(snap.Server) && c.Run is null && !known.Contains(c.Key));
        }

        return load || reconcile
            ? (s with { RunsLoading = true, RunsAsked = true, Reconciled = reconciled }, [new LoadRuns(s.Settings.RunLimit, reconcile)])
            : (s, None);
    }

    /// <summary>How long a dead pane may wait for its exit hook before the reconciler is asked to record the end.</summary>
    private static readonly TimeSpan HookGrace = TimeSpan.FromSeconds(10);

    /// <summary>A loaded last screen, scrolled so its last line is at the bottom of the detail view.</summary>
    private static (WallState, IReadOnlyList<Cmd>) ShowScreen(WallState s, string screen, string? problem)
    {
        var shown = s with { HistoryScreen = screen, Status = problem ?? s.Status };
        return (shown with { HistoryScroll = ClampScroll(shown, int.MaxValue) }, None);
    }

    /// <summary>Rows of the last screen the detail view shows: the body minus the frame.</summary>
    public static int DetailRows(WallState state) => Math.Max(1, state.Height - GridLayout.Chrome - 2);

    private static int ClampScroll(WallState s, int scroll)
    {
        if (s.HistoryScreen is null)
        {
            return 0;
        }

        var max = Math.Max(0, ScreenText.Lines(s.HistoryScreen).Count - DetailRows(s));
        return Math.Clamp(scroll, 0, max);
    }

    private static (WallState, IReadOnlyList<Cmd>) Move(WallState s, int dx, int dy)
    {
        if (s.Mode == WallMode.Runs)
        {
            return (s with { RunSelected = Clamp(s.RunSelected + dy, s.RunHistory.Length) }, None);
        }

        if (s.Mode == WallMode.RunDetail)
        {
            return (SelectIteration(s, dy) ?? s with { RunScroll = Math.Clamp(s.RunScroll + dy, 0, MaxRunScroll(s, s.RunDoc)) }, None);
        }

        if (s.Mode == WallMode.IterationDetail)
        {
            return (s with { IterationScroll = Math.Clamp(s.IterationScroll + dy, 0, MaxRunScroll(s, s.IterationDoc)) }, None);
        }

        if (s.Mode == WallMode.History)
        {
            return (s with { HistorySelected = Clamp(s.HistorySelected + dy, s.History.Length) }, None);
        }

        if (s.Mode == WallMode.HistoryDetail)
        {
            return (s with { HistoryScroll = ClampScroll(s, s.HistoryScroll + dy) }, None);
        }

        var visible = s.VisibleCards();
        var i = s.SelectedIndex(visible);
        if (i < 0)
        {
            return (s, None);
        }

        var step = s.Mode == WallMode.Zoom ? dx + dy : dx + (dy * s.Layout.Columns);
        var j = Clamp(i + step, visible.Count);
        return j == i && visible[i].Key == s.SelectedKey ? (s, None) : (s with { SelectedKey = visible[j].Key }, None);
    }

    private static (WallState, IReadOnlyList<Cmd>) Page(WallState s, int pages)
    {
        if (s.Mode == WallMode.Runs)
        {
            return (s with { RunSelected = Clamp(s.RunSelected + (pages * Math.Max(1, s.Height - 4)), s.RunHistory.Length) }, None);
        }

        if (s.Mode == WallMode.RunDetail)
        {
            return (s with { RunScroll = Math.Clamp(s.RunScroll + (pages * DetailRows(s)), 0, MaxRunScroll(s, s.RunDoc)) }, None);
        }

        if (s.Mode == WallMode.IterationDetail)
        {
            return (s with { IterationScroll = Math.Clamp(s.IterationScroll + (pages * DetailRows(s)), 0, MaxRunScroll(s, s.IterationDoc)) }, None);
        }

        if (s.Mode == WallMode.History)
        {
            var rows = Math.Max(1, s.Height - 4);
            return (s with { HistorySelected = Clamp(s.HistorySelected + (pages * rows), s.History.Length) }, None);
        }

        if (s.Mode == WallMode.HistoryDetail)
        {
            return (s with { HistoryScroll = ClampScroll(s, s.HistoryScroll + (pages * DetailRows(s))) }, None);
        }

        var visible = s.VisibleCards();
        var i = s.SelectedIndex(visible);
        if (i < 0)
        {
            return (s, None);
        }

        var perPage = s.Mode == WallMode.Zoom ? 1 : s.Layout.PerPage;
        var j = Clamp(((i / perPage) + pages) * perPage, visible.Count);
        return (s with { SelectedKey = visible[j].Key }, None);
    }

    private static (WallState, IReadOnlyList<Cmd>) Attach(WallState s, bool readOnly) =>
        s.SelectedCard() is { } c
            ? (s with { Status = (readOnly ? "attaching read-only to " : "attaching to ") + c.Name + "…" }, [new AttachSession(c.Server, c.SessionId, c.Name, readOnly)])
            : (s, None);

    private static (WallState, IReadOnlyList<Cmd>) OnBack(WallState s) => s.Mode switch
    {
        WallMode.ConfirmKill => (s with { Mode = s.Underneath, KillTarget = null, Status = "kill cancelled" }, None),
        WallMode.Help => (s with { Mode = s.Underneath }, None),
        WallMode.Zoom => (s with { Mode = WallMode.Grid }, None),
        WallMode.Filter => (Reselect(s, s with { Mode = WallMode.Grid, Filter = "" }), None),
        WallMode.History => (s with { Mode = WallMode.Grid, History = [], HistoryScreen = null }, None),
        WallMode.HistoryDetail => (s with { Mode = WallMode.History, HistoryScreen = null, HistoryScroll = 0 }, None),
        WallMode.Launch => (s with { Mode = s.Underneath, Launch = null, Status = "launch cancelled" }, None),
        WallMode.Runs => (s with { Mode = WallMode.Grid, RunHistory = [], History = [], HistoryScreen = null }, None),
        WallMode.RunDetail => (s with { Mode = WallMode.Runs, RunDetail = null, RunDoc = [], RunScroll = 0, IterationSelected = 0 }, None),
        WallMode.IterationDetail => (s with { Mode = WallMode.RunDetail, IterationDoc = [], IterationScroll = 0 }, None),
        _ when s.Filter.Length > 0 => (Reselect(s, s with { Filter = "" }), None),
        _ => (s, None),
    };

    private static (WallState, IReadOnlyList<Cmd>) OpenHistory(WallState s)
    {
        if (s.HistorySelected >= s.History.Length)
        {
            return (s, None);
        }

        var entry = s.History[s.HistorySelected];
        return entry.HasScreen
            ? (s with { Mode = WallMode.HistoryDetail, HistoryScreen = null, HistoryScroll = 0 }, [new LoadHistoryScreen(entry.Id)])
            : (s with { Status = "no screen was captured for " + entry.Name }, None);
    }

    private static (WallState, IReadOnlyList<Cmd>) OnSnapshot(WallState s, ServerSnapshot snap)
    {
        var previous = s.Cards.Where(c => c.Server.Equals(snap.Server)).ToDictionary(c => c.Key, StringComparer.Ordinal);
        var fresh = snap.Sessions.Select(session =>
        {
            var capture = snap.Captures.TryGetValue(session.ActivePane.PaneId, out var text)
                ? text
                : previous.TryGetValue(session.Key, out var old) && old.PaneId == session.ActivePane.PaneId ? old.Capture : null;
            return Cards.Build(session, capture, snap.TakenAt, s.Settings, previous.GetValueOrDefault(session.Key));
        }).ToImmutableArray();
        fresh = RunCards.Attach(fresh, s.Runs, snap.TakenAt, s.Settings.TimeZone);

        var healthy = new ServerHealth(snap.Server, null, TimeSpan.Zero);
        var sameCards = fresh.Length == previous.Count && fresh.All(c => previous.TryGetValue(c.Key, out var p) && p == c);
        var sameHealth = s.Health.TryGetValue(snap.Server, out var h) && h == healthy;
        if (sameCards && sameHealth && s.Answered.Contains(snap.Server))
        {
            return AskRuns(s, s, snap);
        }

        var cards = s.Cards.Where(c => !c.Server.Equals(snap.Server)).Concat(fresh).ToImmutableArray();
        // A card's first real state (its pane captured, or dead) goes to the watchdog as found, which compares it with what it
        // recorded; after that, each change of its shown state is a transition.
        var present = fresh.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var foundBefore = s.Found.Except(previous.Keys.Where(k => !present.Contains(k)));
        var changed = fresh
            .Where(c => foundBefore.Contains(c.Key) && previous.TryGetValue(c.Key, out var p) && p.State != c.State)
            .Select(c => (Cmd)new AgentStateChanged(c, previous[c.Key].State, snap.TakenAt))
            .ToList();
        var found = fresh.Where(c => !foundBefore.Contains(c.Key) && (c.Capture is not null || c.State is AgentState.Exited or AgentState.Dead)).ToImmutableArray();
        if (found.Length > 0)
        {
            changed.Add(new StatesFound(found, snap.TakenAt));
        }

        var next = s with
        {
            Cards = cards,
            Health = s.Health.SetItem(snap.Server, healthy),
            Answered = s.Answered.Add(snap.Server),
            Found = foundBefore.Union(found.Select(c => c.Key)),
        };
        next = Reselect(s, next);
        if (next.SelectWhenSeen is { } key && next.VisibleCards().Any(c => c.Key == key))
        {
            next = next with { SelectedKey = key, SelectWhenSeen = null };
        }

        var (asked, cmds) = AskRuns(s, next, snap);
        return (asked, changed.Count == 0 ? cmds : [.. changed, .. cmds]);
    }

    private static (WallState, IReadOnlyList<Cmd>) OnServerDown(WallState s, ServerUnavailable u)
    {
        var health = new ServerHealth(u.Server, u.Reason, u.RetryIn) { NoServer = u.NoServer };
        var hasCards = s.Cards.Any(c => c.Server.Equals(u.Server));
        if (!hasCards && s.Health.TryGetValue(u.Server, out var h) && h == health)
        {
            return (s, None);
        }

        var next = s with
        {
            Cards = s.Cards.RemoveAll(c => c.Server.Equals(u.Server)),
            Health = s.Health.SetItem(u.Server, health),
            Answered = s.Answered.Remove(u.Server),
            Found = s.Found.Except(s.Cards.Where(c => c.Server.Equals(u.Server)).Select(c => c.Key)),
        };
        next = Reselect(s, next);
        var gone = next.RunsLoading ? [] : next.Runs.Where(r => !r.IsEnded && !next.Reconciled.Contains(r.RunId)
            && string.Equals(r.Socket, u.Server.SocketPath, StringComparison.Ordinal)).Select(r => r.RunId).ToList();
        return gone.Count == 0
            ? (next, None)
            : (next with { RunsLoading = true, RunsAsked = true, Reconciled = next.Reconciled.Union(gone) }, [new LoadRuns(next.Settings.RunLimit, Reconcile: true)]);
    }

    /// <summary>Keeps the selection on the same card when it is still visible; else on the card now at its old index.</summary>
    private static WallState Reselect(WallState before, WallState after)
    {
        var visible = after.VisibleCards();
        if (visible.Count == 0)
        {
            return after.SelectedKey is null ? after : after with { SelectedKey = null };
        }

        if (after.SelectedKey is not null && visible.Any(c => c.Key == after.SelectedKey))
        {
            return after;
        }

        var old = before.VisibleCards();
        var oldIndex = Math.Max(0, before.SelectedIndex(old));
        return after with { SelectedKey = visible[Clamp(oldIndex, visible.Count)].Key };
    }

    private static bool SamePanes(
        ImmutableDictionary<ServerRef, ImmutableHashSet<string>> a,
        ImmutableDictionary<ServerRef, ImmutableHashSet<string>> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && kv.Value.SetEquals(other));

    private static int Clamp(int i, int count) => count == 0 ? 0 : Math.Clamp(i, 0, count - 1);

    private static (WallState, IReadOnlyList<Cmd>) Sorted(WallState s, SortOrder order) =>
        (s with { Sort = order, Status = "sorted by " + SortName(order) }, None);

    /// <summary>Selects the next card that needs you after the selected one, wrapping; says so when none does.</summary>
    private static (WallState, IReadOnlyList<Cmd>) JumpToNeed(WallState s, int direction)
    {
        var visible = s.VisibleCards();
        var at = s.SelectedIndex(visible);
        var step = direction < 0 ? -1 : 1;
        for (var k = 1; k <= visible.Count; k++)
        {
            var card = visible[(((at + (step * k)) % visible.Count) + visible.Count) % visible.Count];
            if (card.NeedsYou)
            {
                return card.Key == s.SelectedKey && k < visible.Count
                    ? (s, None)
                    : (s with { SelectedKey = card.Key, Status = card.Name + " needs you: " + card.Badge }, None);
            }
        }

        return (s with { Status = "no session needs you" }, None);
    }

    private static string SortName(SortOrder order) => order switch
    {
        SortOrder.LastActivity => "last activity",
        SortOrder.Created => "created",
        SortOrder.Urgency => "urgency",
        _ => "name",
    };
}
