using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionTui.Core;

/// <summary>Turns sessions into cards: state, badge and age labels at a given time.</summary>
public static partial class Cards
{
    /// <summary>Builds the card of <paramref name="session"/> as of <paramref name="now"/> (UTC).</summary>
    /// <param name="session">The session as last listed.</param>
    /// <param name="capture">The active pane's last capture, or null.</param>
    /// <param name="now">Time of the snapshot, UTC.</param>
    /// <param name="idleAfter">Threshold of no output change that makes a session idle.</param>
    public static Card Build(SessionInfo session, string? capture, DateTimeOffset now, TimeSpan idleAfter)
    {
        var pane = session.ActivePane;
        var (state, badge) = StateOf(pane, capture, now, idleAfter);
        return new Card(
            session.Key,
            session.Server,
            session.SessionId,
            session.Name,
            pane.PaneId,
            pane.Pid,
            pane.CurrentCommand,
            pane.CurrentPath,
            state,
            badge,
            session.AttachedClients,
            Duration(now - session.Created),
            session.Created,
            pane.WindowActivity,
            capture)
        {
            ServerPid = session.ServerPid,
        };
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

    private static (CardState State, string Badge) StateOf(PaneInfo pane, string? capture, DateTimeOffset now, TimeSpan idleAfter)
    {
        if (pane.Dead)
        {
            if (pane.DeadStatus is { } status)
            {
                return (CardState.Exited, "exited " + status.ToString(CultureInfo.InvariantCulture));
            }

            return pane.DeadSignal is { } sig
                ? (CardState.Dead, "dead " + SignalName(sig))
                : (CardState.Exited, "exited");
        }

        if (LooksLikePrompt(capture))
        {
            return (CardState.Waiting, "waiting");
        }

        var quiet = now - pane.WindowActivity;
        return quiet >= idleAfter ? (CardState.Idle, "idle " + Duration(quiet)) : (CardState.Running, "running");
    }

    private static string SignalName(int signal) => signal switch
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
        var first = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (EscapeScanner.IsIntroducer(text[i]))
            {
                first = i;
                break;
            }
        }

        if (first < 0)
        {
            return text;
        }

        var kept = new System.Text.StringBuilder(text.Length);
        kept.Append(text, 0, first);
        var at = first;
        while (at < text.Length)
        {
            if (EscapeScanner.IsIntroducer(text[at]))
            {
                at = EscapeScanner.Skip(text, at, out _);
            }
            else
            {
                kept.Append(text[at]);
                at++;
            }
        }

        return kept.ToString();
    }
}
