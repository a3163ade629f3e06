using System.Collections.Immutable;
using SessionTui.Core.Runs;

namespace SessionTui.Core;

/// <summary>Every input to <see cref="WallUpdate.Update"/>: user intents and outside events.</summary>
public abstract record Msg;

/// <summary>What the user asked for with a key (through <see cref="KeyMap"/>) or the mouse; any intent clears the last
/// status message.</summary>
public abstract record Intent : Msg;

/// <summary>Move the selection by columns and rows of the grid.</summary>
public sealed record MoveSelection(int Dx, int Dy) : Intent;

/// <summary>Move the selection by whole pages (negative is back).</summary>
public sealed record PageMove(int Pages) : Intent;

/// <summary>Attach to the selected session.</summary>
public sealed record AttachRequested(bool ReadOnly) : Intent;

/// <summary>Ask to kill the selected session (opens the confirmation).</summary>
public sealed record KillRequested : Intent;

/// <summary>The confirmation was accepted.</summary>
public sealed record KillConfirmed : Intent;

/// <summary>Leave the current overlay or mode (Esc): cancel a kill, leave zoom, help or history, clear a filter.</summary>
public sealed record Back : Intent;

/// <summary>Zoom the selected card to full screen.</summary>
public sealed record ZoomRequested : Intent;

/// <summary>Start typing a filter.</summary>
public sealed record FilterStarted : Intent;

/// <summary>The filter text being typed changed.</summary>
public sealed record FilterTextChanged(string Text) : Intent;

/// <summary>Keep the typed filter and return to the grid.</summary>
public sealed record FilterCommitted : Intent;

/// <summary>Cycle the sort order: name, last activity, created, urgency.</summary>
public sealed record SortCycled : Intent;

/// <summary>Select the next (or, with -1, previous) visible session that needs you (<see cref="AgentStates.NeedsYou"/>),
/// after the selected one in the grid's order, wrapping around.</summary>
/// <param name="Direction">1 for the next, -1 for the previous.</param>
public sealed record NextNeedingYou(int Direction) : Intent;

/// <summary>Open the history view.</summary>
public sealed record HistoryRequested : Intent;

/// <summary>Open the last screen of the selected history row.</summary>
public sealed record HistoryOpenRequested : Intent;

/// <summary>Toggle the help overlay.</summary>
public sealed record HelpToggled : Intent;

/// <summary>Refresh now instead of waiting for the next tick.</summary>
public sealed record RefreshRequested : Intent;

/// <summary>Quit the wall.</summary>
public sealed record QuitRequested : Intent;

/// <summary>Select the card with this key (a mouse click on it).</summary>
/// <param name="Key">The card's <see cref="Card.Key"/>.</param>
public sealed record SelectCard(string Key) : Intent;

/// <summary>Select a history row and open its last screen (a mouse click on the row).</summary>
/// <param name="Index">Row index in <see cref="WallState.History"/>.</param>
public sealed record OpenHistoryRow(int Index) : Intent;

/// <summary>A refresh tick succeeded on one server.</summary>
public sealed record SnapshotReceived(ServerSnapshot Snapshot) : Msg;

/// <summary>A refresh tick failed on one server (no server, server died, tmux failed).</summary>
/// <param name="Server">The server.</param>
/// <param name="Reason">One line for the user, e.g. <c>no tmux server on socket work</c>.</param>
/// <param name="At">When it failed, UTC.</param>
/// <param name="RetryIn">Backoff before the next attempt.</param>
public sealed record ServerUnavailable(ServerRef Server, string Reason, DateTimeOffset At, TimeSpan RetryIn) : Msg
{
    /// <summary>Whether no server runs on the socket at all (as opposed to a server that failed or died during the call).</summary>
    public bool NoServer { get; init; }
}

/// <summary>The terminal size changed (SIGWINCH) or was re-read after an attach.</summary>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
public sealed record Resized(int Width, int Height) : Msg;

/// <summary>An attach (or switch-client) ended.</summary>
/// <param name="Name">Session name.</param>
/// <param name="ExitCode">tmux's exit code.</param>
/// <param name="Error">tmux's error line when it failed.</param>
public sealed record AttachFinished(string Name, int ExitCode, string? Error) : Msg;

/// <summary>A kill from the wall ended.</summary>
/// <param name="Key">Session key.</param>
/// <param name="Name">Session name.</param>
/// <param name="Error">Null on success, else one line saying why.</param>
public sealed record KillFinished(string Key, string Name, string? Error) : Msg;

/// <summary>History rows were loaded (or could not be).</summary>
/// <param name="Entries">Rows, newest first.</param>
/// <param name="Problem">Null, or why the database could not be read.</param>
public sealed record HistoryLoaded(ImmutableArray<HistoryEntry> Entries, string? Problem) : Msg;

/// <summary>A history row's last screen was loaded.</summary>
public sealed record HistoryScreenLoaded(long Id, string? Screen, string? Problem) : Msg;

/// <summary>The history database became read-only or unavailable; the wall goes on without writing history.</summary>
public sealed record StoreUnavailable(string Problem) : Msg;

/// <summary>An effect failed in a way its own result message cannot carry; the wall says so in the status line.</summary>
/// <param name="Effect">What was being done, e.g. <c>refresh</c>.</param>
/// <param name="Error">One line saying why.</param>
public sealed record EffectFailed(string Effect, string Error) : Msg;

/// <summary>Open the launch form (the directory filled in from the selected card).</summary>
public sealed record LaunchRequested : Intent;

/// <summary>A field of the launch form was edited.</summary>
/// <param name="Field">Which field.</param>
/// <param name="Text">Its whole text now.</param>
public sealed record LaunchFieldChanged(LaunchField Field, string Text) : Intent;

/// <summary>Move the launch form's focus by fields (Tab, Shift-Tab; wraps around).</summary>
public sealed record LaunchFocusMoved(int Delta) : Intent;

/// <summary>A field of the launch form took the focus (a mouse click on it).</summary>
public sealed record LaunchFieldFocused(LaunchField Field) : Intent;

/// <summary>Launch what the form says.</summary>
public sealed record LaunchSubmitted : Intent;

/// <summary>Switch the history screen between sessions and runs.</summary>
public sealed record RunsToggled : Intent;

/// <summary>Open the selected run of the runs list.</summary>
public sealed record RunOpenRequested : Intent;

/// <summary>Select a row of the runs list and open it (a mouse click on the row).</summary>
/// <param name="Index">Row index in <see cref="WallState.RunHistory"/>.</param>
public sealed record OpenRunRow(int Index) : Intent;

/// <summary>Open the selected iteration of the loop shown in the run detail.</summary>
public sealed record IterationOpenRequested : Intent;

/// <summary>Select an iteration of the loop shown in the run detail and open it (a mouse click on its line).</summary>
/// <param name="Index">Index in <see cref="RunReport.Iterations"/>.</param>
public sealed record OpenIterationRow(int Index) : Intent;

/// <summary>Edit the handoff of the selected run (card, row or detail) in <c>$EDITOR</c>.</summary>
public sealed record EditHandoffRequested : Intent;

/// <summary>Resume the selected run (card, row or detail): a new run from its brief and handoff.</summary>
public sealed record ResumeRequested : Intent;

/// <summary>Recent runs were loaded for the cards (after asking the reconciler when <see cref="LoadRuns.Reconcile"/> was set).</summary>
/// <param name="Runs">Newest first.</param>
/// <param name="Problem">Null, or why they could not be loaded (the old ones are kept).</param>
/// <param name="At">When they were read, UTC (the elapsed time of running runs is counted to it).</param>
public sealed record RunsLoaded(ImmutableArray<RunRecord> Runs, string? Problem, DateTimeOffset At) : Msg;

/// <summary>The runs list of the history screen was loaded.</summary>
/// <param name="Runs">Newest first.</param>
/// <param name="Problem">Null, or why they could not be loaded.</param>
public sealed record RunHistoryLoaded(ImmutableArray<RunRecord> Runs, string? Problem) : Msg;

/// <summary>A run's detail was loaded (or could not be).</summary>
/// <param name="RunId">The run asked for.</param>
/// <param name="Detail">The detail, or null with <paramref name="Problem"/>.</param>
/// <param name="Problem">Null, or why it could not be loaded.</param>
public sealed record RunDetailLoaded(string RunId, RunReport? Detail, string? Problem) : Msg;

/// <summary>A launch from the form was refused or failed; the form stays open and shows why.</summary>
/// <param name="Field">The field the problem is about, or null for the launch as a whole.</param>
/// <param name="Error">One line.</param>
public sealed record LaunchFailed(LaunchField? Field, string Error) : Msg;

/// <summary>A run was launched (from the form) or resumed; its card is selected when it appears.</summary>
/// <param name="Run">The new run.</param>
/// <param name="SessionKey">Its session's <see cref="Card.Key"/>.</param>
/// <param name="Resumed">Whether it resumed an ended run (else the form launched it).</param>
public sealed record Launched(RunRecord Run, string SessionKey, bool Resumed) : Msg;

/// <summary>A resume was refused or failed.</summary>
/// <param name="Name">The run's session name.</param>
/// <param name="Error">One line.</param>
public sealed record ResumeFailed(string Name, string Error) : Msg;

/// <summary>The editor on a run's handoff exited.</summary>
/// <param name="What">What was edited, e.g. <c>handoff of api-fix</c>.</param>
/// <param name="ExitCode">The editor's exit code.</param>
/// <param name="Error">Null, or one line saying why it failed.</param>
public sealed record EditorFinished(string What, int ExitCode, string? Error) : Msg;
