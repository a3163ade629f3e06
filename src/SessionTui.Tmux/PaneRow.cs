using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>
/// One row of <c>list-panes -a -F</c> (or <c>new-session -P -F</c>) with <see cref="Variables"/>: a pane with its window flags and
/// the session it is listed under (tmux(1) FORMATS).
/// </summary>
/// <param name="SessionId"><c>#{session_id}</c>, e.g. <c>$3</c>.</param>
/// <param name="SessionName"><c>#{session_name}</c>, verbatim as tmux renders it (tmux stores control characters escaped, e.g. a tab
/// as <c>\t</c>, a backslash as <c>\\</c>, and rewrites <c>:</c> and <c>.</c> to <c>_</c> when the session is created).</param>
/// <param name="SessionCreated"><c>#{session_created}</c>, Unix seconds, as UTC.</param>
/// <param name="SessionWindows"><c>#{session_windows}</c>.</param>
/// <param name="WindowActive"><c>#{window_active}</c>: the window is the session's current window.</param>
/// <param name="PaneActive"><c>#{pane_active}</c>: the pane is its window's active pane.</param>
/// <param name="Pane">The pane's own fields.</param>
public sealed record PaneRow(
    string SessionId,
    string SessionName,
    DateTimeOffset SessionCreated,
    int SessionWindows,
    bool WindowActive,
    bool PaneActive,
    PaneInfo Pane)
{
    /// <summary>The format variables, in field order; free text comes last.</summary>
    public static IReadOnlyList<string> Variables { get; } =
    [
        "session_id",
        "session_created",
        "session_windows",
        "window_active",
        "window_activity",
        "pane_id",
        "pane_active",
        "pane_pid",
        "pane_dead",
        "pane_dead_status",
        "pane_dead_signal",
        "pane_height",
        "session_name",
        "pane_current_command",
        "pane_current_path",
        "pane_title",
    ];

    /// <summary>The <c>-F</c> format for these rows with a per-call nonce.</summary>
    /// <param name="nonce">See <see cref="TmuxRecordFormat.NewNonce"/>.</param>
    public static TmuxRecordFormat Format(string nonce) => new(Variables, nonce);

    /// <summary>Parses the output of a command run with <see cref="Format"/>.</summary>
    /// <param name="output">The command's stdout, verbatim.</param>
    /// <param name="nonce">The nonce the format was made with.</param>
    /// <returns>The rows in tmux's order.</returns>
    /// <exception cref="FormatException">The output does not match the format.</exception>
    public static IReadOnlyList<PaneRow> Parse(string output, string nonce) =>
        Format(nonce).Parse(output).Select(FromFields).ToArray();

    private static PaneRow FromFields(string[] f)
    {
        var pane = new PaneInfo(
            PaneId: TmuxFields.Id(f, 5, "pane_id", '%'),
            Pid: TmuxFields.Int(f, 7, "pane_pid"),
            CurrentCommand: f[13],
            CurrentPath: f[14],
            Dead: TmuxFields.Flag(f, 8, "pane_dead"),
            DeadStatus: TmuxFields.OptionalInt(f, 9, "pane_dead_status"),
            DeadSignal: TmuxFields.OptionalInt(f, 10, "pane_dead_signal"),
            Height: TmuxFields.Int(f, 11, "pane_height"),
            WindowActivity: TmuxFields.UnixSeconds(f, 4, "window_activity"))
        {
            Title = f[15],
        };
        return new PaneRow(
            SessionId: TmuxFields.Id(f, 0, "session_id", '$'),
            SessionName: f[12],
            SessionCreated: TmuxFields.UnixSeconds(f, 1, "session_created"),
            SessionWindows: TmuxFields.Int(f, 2, "session_windows"),
            WindowActive: TmuxFields.Flag(f, 3, "window_active"),
            PaneActive: TmuxFields.Flag(f, 6, "pane_active"),
            Pane: pane);
    }
}
