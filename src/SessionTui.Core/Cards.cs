using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionTui.Core;

/// <summary>Turns sessions into cards: state, badge and age labels at a given time.</summary>
public static partial class Cards
{
    /// <summary>Builds the card of <paramref name="session"/> as of <paramref name="now"/> (UTC) with the default settings but
    /// <paramref name="idleAfter"/>, as a first sight (no debounce).</summary>
    public static Card Build(SessionInfo session, string? capture, DateTimeOffset now, TimeSpan idleAfter) =>
        Build(session, capture, now, WallSettings.Default with { IdleAfter = idleAfter }, previous: null);

    /// <summary>
    /// Builds the card of <paramref name="session"/> as of <paramref name="now"/> (UTC). The state is read by
    /// <see cref="WallSettings.Classifier"/> from the capture (only when the capture or the title changed since
    /// <paramref name="previous"/>; else its reading is reused) and decided by <see cref="StateFacts.Decide"/>. A new state
    /// read from the screen or from freshness shows only once the ticks have read it for <see cref="WallSettings.StateSettle"/>
    /// without a break (so a card does not flicker between two states); exited (once tmux has its status; without it, after
    /// three settle times) and dead show at once, and so does any state at first sight and at the pane's first capture.
    /// </summary>
    /// <param name="session">The session as last listed.</param>
    /// <param name="capture">The active pane's last capture (SGR kept), or null when it has not been captured.</param>
    /// <param name="now">Time of the snapshot, UTC.</param>
    /// <param name="settings">Thresholds, classifier, zone.</param>
    /// <param name="previous">The card of the same session at the last tick, or null.</param>
    public static Card Build(SessionInfo session, string? capture, DateTimeOffset now, WallSettings settings, Card? previous)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(settings);
        var pane = session.ActivePane;
        var quiet = now - pane.WindowActivity;
        if (quiet < TimeSpan.Zero)
        {
            quiet = TimeSpan.Zero;
        }

        var same = previous is not null && previous.PaneId == pane.PaneId;
        StateVerdict? screen = null;
        if (!pane.Dead && capture is not null)
        {
            screen = same && string.Equals(previous!.Capture, capture, StringComparison.Ordinal) && string.Equals(previous.Title, pane.Title, StringComparison.Ordinal)
                && string.Equals(previous.Command, pane.CurrentCommand, StringComparison.Ordinal)
                ? previous.ScreenRead
                : settings.Classifier.ReadScreen(Ansi.Strip(capture), pane.Title, now, pane.CurrentCommand);
        }

        var facts = new PaneFacts("", pane.Title, pane.Dead, pane.DeadStatus, pane.DeadSignal, quiet);
        var read = StateFacts.Decide(facts, screen, settings.IdleAfter, settings.StuckAfter);
        var since = same && previous!.Observed == read.State ? previous.ObservedSince : now;
        // The first capture of a pane is its first sight of the screen too: what it shows is not a flip to debounce.
        var firstScreen = same && previous!.Capture is null && capture is not null;
        // tmux can show a pane dead (its pty closed) a moment before it has collected the exit status, which the next
        // snapshot's reap nudge brings: such an exit waits up to three settle times, so its transition carries the status
        // (after that it shows without one).
        var unknownExit = read.State is AgentState.Exited && read.ExitStatus is null;
        var final = read.State is AgentState.Dead || (read.State is AgentState.Exited && !unknownExit);
        var settle = unknownExit ? settings.StateSettle * 3 : settings.StateSettle;
        var shown = !same || previous!.Verdict is null || firstScreen || final || now - since >= settle
            ? read
            : previous.Verdict;
        var needed = AgentStates.NeedsYou(shown.State, shown.ExitStatus);
        return new Card(
            session.Key,
            session.Server,
            session.SessionId,
            session.Name,
            pane.PaneId,
            pane.Pid,
            pane.CurrentCommand,
            pane.CurrentPath,
            shown.State,
            BadgeOf(shown, pane, quiet, now, settings.TimeZone),
            session.AttachedClients,
            Duration(now - session.Created),
            session.Created,
            pane.WindowActivity,
            capture)
        {
            ServerPid = session.ServerPid,
            Verdict = shown,
            Observed = read.State,
            ObservedSince = since,
            ScreenRead = screen,
            Title = pane.Title,
            Flash = needed && same && !firstScreen && !previous!.NeedsYou,
        };
    }

    /// <summary>The badge text of a verdict (see <see cref="Card.Badge"/>).</summary>
    /// <param name="verdict">The verdict shown.</param>
    /// <param name="pane">The pane (its dead status and signal).</param>
    /// <param name="quiet">How long its output has not changed.</param>
    /// <param name="now">Now, UTC.</param>
    /// <param name="zone">The zone a reset time is shown in.</param>
    public static string BadgeOf(StateVerdict verdict, PaneInfo pane, TimeSpan quiet, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(pane);
        return verdict.State switch
        {
            AgentState.Working => "working",
            AgentState.Waiting => "waiting",
            AgentState.Idle => "idle " + Duration(quiet),
            AgentState.RateLimited => verdict.ResetsAt is { } r ? "limit · resets " + ClockTime(r, now, zone) : "rate-limited",
            AgentState.AuthFailed => "auth failed",
            AgentState.ContextLimit => "context limit",
            AgentState.Stuck => "stuck " + Duration(quiet),
            AgentState.Exited => pane.DeadStatus is { } status ? "exited " + status.ToString(CultureInfo.InvariantCulture) : "exited",
            _ => pane.DeadSignal is { } sig ? "dead " + SignalName(sig) : "dead",
        };
    }

    /// <summary><c>16:00</c> on the same day in <paramref name="zone"/>, else <c>Sat 16:00</c>.</summary>
    private static string ClockTime(DateTimeOffset at, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        return local.ToString(local.Date == today ? "HH:mm" : "ddd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A coarse duration label: <c>&lt;1m</c>, <c>5m</c>, <c>3h</c> (under 48 h), <c>4d</c>.</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return "<1m";
        }

        if (span < TimeSpan.FromHours(1))
        {
            return ((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m";
        }

        return span < TimeSpan.FromHours(48)
            ? ((int)span.TotalHours).ToString(CultureInfo.InvariantCulture) + "h"
            : ((int)span.TotalDays).ToString(CultureInfo.InvariantCulture) + "d";
    }

    /// <summary>Whether the last non-empty lines of a capture look like a prompt waiting for an answer: <c>(y/n)</c>,
    /// <c>[Y/n]</c>, <c>(yes/no)</c>, <c>Do you want to …?</c>, <c>Press Enter</c>, an <c>Allow</c>/<c>Deny</c> choice.</summary>
    public static bool LooksLikePrompt(string? capture)
    {
        if (capture is null)
        {
            return false;
        }

        var lines = Ansi.Strip(capture).Split('\n');
        var seen = 0;
        for (var i = lines.Length - 1; i >= 0 && seen < 4; i--)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            seen++;
            if (PromptPattern().IsMatch(lines[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A signal's name: <c>SIGKILL</c>, else <c>signal N</c>.</summary>
    public static string SignalName(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => "signal " + signal.ToString(CultureInfo.InvariantCulture),
    };

    [GeneratedRegex(@"\((y/n|yes/no)\)|\[(y/n|Y/n|y/N|yes/no)\]|\bDo you want to\b.*\?|\bPress Enter\b|\bAllow\b.*\bDeny\b|^\s*[❯>]\s*1\.\s*Yes\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PromptPattern();
}

/// <summary>ANSI escape handling that needs no renderer.</summary>
public static class Ansi
{
    /// <summary>Removes every escape sequence <see cref="EscapeScanner"/> recognizes (ECMA-48 CSI, OSC, DCS, SOS, PM, APC,
    /// two-byte ESC, C1 introducers); other characters are kept.</summary>
    public static string Strip(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.AsSpan().IndexOfAny(EscapeScanner.Introducers);
        if (first < 0)
        {
            return text;
        }

        var kept = new System.Text.StringBuilder(text.Length);
        var at = 0;
        var next = first;
        while (next >= 0)
        {
            kept.Append(text, at, next - at);
            at = EscapeScanner.Skip(text, next);
            var rest = at < text.Length ? text.AsSpan(at).IndexOfAny(EscapeScanner.Introducers) : -1;
            next = rest < 0 ? -1 : at + rest;
        }

        if (at < text.Length)
        {
            kept.Append(text, at, text.Length - at);
        }

        return kept.ToString();
    }
}
