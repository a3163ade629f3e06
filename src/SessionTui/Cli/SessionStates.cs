using SessionTui.Core;
using SessionTui.Tmux;
using SessionTui.Workcells.States;

namespace SessionTui.Cli;

/// <summary>The agent state of a session, read the one way the CLI reads it (<c>explain</c>, <c>cleanup</c>): its active
/// pane's last lines (ANSI stripped), title, dead flag and output freshness, through the rule-file classifier.</summary>
internal static class SessionStates
{
    /// <summary>Lines of the pane read (the rules read at most 60 non-empty ones at the bottom).</summary>
    public const int CaptureLines = 80;

    /// <summary>Classifies <paramref name="session"/>'s active pane now. A pane tmux shows dead before it has reaped the
    /// process is asked again (up to 2 s), so that its exit status or signal is known.</summary>
    /// <returns>The pane (with the exit status or signal learnt) and the verdict.</returns>
    /// <exception cref="TmuxCommandException">The pane is gone (the session ended meanwhile).</exception>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached.</exception>
    public static async Task<(PaneInfo Pane, StateVerdict Verdict)> ClassifyAsync(TmuxClient tmux, StateClassifier classifier, SessionInfo session, CancellationToken ct)
    {
        var pane = session.ActivePane;
        if (pane is { Dead: true, DeadStatus: null, DeadSignal: null }
            && await tmux.DeadPaneExitAsync(session.Server, pane.PaneId, TimeSpan.FromSeconds(2), ct).ConfigureAwait(false) is { } end)
        {
            // tmux 3.3a can show a pane dead before it has reaped the process: ask again, nudging it to reap.
            pane = pane with { DeadStatus = end.Status, DeadSignal = end.Signal };
        }

        var screen = Ansi.Strip(await tmux.CapturePaneAsync(session.Server, pane.PaneId, CaptureLines, ct).ConfigureAwait(false));
        var title = await tmux.PaneTitleAsync(session.Server, pane.PaneId, ct).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var quiet = now - pane.WindowActivity;
        return (pane, classifier.Classify(new PaneFacts(screen, title, pane.Dead, pane.DeadStatus, pane.DeadSignal, quiet < TimeSpan.Zero ? TimeSpan.Zero : quiet) { Command = pane.CurrentCommand }, now, TimeZoneInfo.Local));
    }
}
