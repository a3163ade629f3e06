using System.Collections.Immutable;

namespace SessionTui.Core;

/// <summary>A key press as the terminal delivered it.</summary>
/// <param name="Key">The console key (<see cref="ConsoleKey"/>), <c>0</c> for characters without one.</param>
/// <param name="Char">The character typed, <c>\0</c> for none; a full Unicode scalar is given as <paramref name="Text"/>.</param>
/// <param name="Ctrl">Control was held.</param>
/// <param name="Alt">Alt was held.</param>
/// <param name="Shift">Shift was held.</param>
/// <param name="Text">The text typed (a whole surrogate pair for astral characters), empty for none.</param>
public sealed record KeyInput(ConsoleKey Key, char Char, bool Ctrl = false, bool Alt = false, bool Shift = false, string Text = "")
{
    /// <summary>A printable character key (e.g. <c>KeyInput.Of('x')</c>).</summary>
    public static KeyInput Of(char c) => new(0, c, Text: c.ToString());

    /// <summary>A special key (e.g. <c>KeyInput.Of(ConsoleKey.Enter)</c>).</summary>
    public static KeyInput Of(ConsoleKey key) => new(key, '\0');

    /// <summary>Control plus a letter (e.g. <c>KeyInput.CtrlOf('c')</c>).</summary>
    public static KeyInput CtrlOf(char c) => new((ConsoleKey)char.ToUpperInvariant(c), (char)(char.ToUpperInvariant(c) - '@'), Ctrl: true);
}

/// <summary>Every input to <see cref="WallUpdate.Update"/>: user intents and outside events.</summary>
public abstract record Msg;

/// <summary>A raw key press; the <see cref="KeyMap"/> turns it into an intent for the current mode.</summary>
public sealed record KeyPressed(KeyInput Key) : Msg;

/// <summary>Move the selection by columns and rows of the grid.</summary>
public sealed record MoveSelection(int Dx, int Dy) : Msg;

/// <summary>Move the selection by whole pages (negative is back).</summary>
public sealed record PageMove(int Pages) : Msg;

/// <summary>Attach to the selected session.</summary>
public sealed record AttachRequested(bool ReadOnly) : Msg;

/// <summary>Ask to kill the selected session (opens the confirmation).</summary>
public sealed record KillRequested : Msg;

/// <summary>The confirmation was accepted.</summary>
public sealed record KillConfirmed : Msg;

/// <summary>Leave the current overlay or mode (Esc): cancel a kill, leave zoom, help or history, clear a filter.</summary>
public sealed record Back : Msg;

/// <summary>Zoom the selected card to full screen.</summary>
public sealed record ZoomRequested : Msg;

/// <summary>Start typing a filter.</summary>
public sealed record FilterStarted : Msg;

/// <summary>The filter text being typed changed.</summary>
public sealed record FilterTextChanged(string Text) : Msg;

/// <summary>Keep the typed filter and return to the grid.</summary>
public sealed record FilterCommitted : Msg;

/// <summary>Cycle the sort order: name, last activity, created.</summary>
public sealed record SortCycled : Msg;

/// <summary>Open the history view.</summary>
public sealed record HistoryRequested : Msg;

/// <summary>Open the last screen of the selected history row.</summary>
public sealed record HistoryOpenRequested : Msg;

/// <summary>Toggle the help overlay.</summary>
public sealed record HelpToggled : Msg;

/// <summary>Refresh now instead of waiting for the next tick.</summary>
public sealed record RefreshRequested : Msg;

/// <summary>Quit the wall.</summary>
public sealed record QuitRequested : Msg;

/// <summary>A refresh tick succeeded on one server.</summary>
public sealed record SnapshotReceived(ServerSnapshot Snapshot) : Msg;

/// <summary>A refresh tick failed on one server (no server, server died, tmux failed).</summary>
/// <param name="Server">The server.</param>
/// <param name="Reason">One line from tmux or the runner, e.g. <c>no server running on /tmp/tmux-0/x</c>.</param>
/// <param name="At">When it failed, UTC.</param>
/// <param name="RetryIn">Backoff before the next attempt.</param>
public sealed record ServerUnavailable(ServerRef Server, string Reason, DateTimeOffset At, TimeSpan RetryIn) : Msg;

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
