using System.Globalization;
using System.Text;
using SessionTui.Core;

namespace SessionTui.Workcells.Notifications;

/// <summary>Makes untrusted text (session names, screen lines) safe to put in a notification: one line of printable text.</summary>
public static class NotificationText
{
    /// <summary>
    /// Removes every escape sequence (<see cref="Ansi.Strip"/>: CSI, OSC, DCS, ... and C1 controls), turns tabs, line breaks
    /// and U+2028/U+2029 into spaces, removes every other control character (C0, DEL) and the bidirectional overrides and
    /// isolates (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), replaces a lone surrogate with U+FFFD, collapses runs of
    /// spaces and trims.
    /// </summary>
    /// <param name="text">Any text.</param>
    /// <returns>One line with no control character; empty for null.</returns>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var stripped = Ansi.Strip(text);
        var b = new StringBuilder(stripped.Length);
        for (var i = 0; i < stripped.Length; i++)
        {
            var c = stripped[i];
            if (c is '\t' or '\n' or '\r' or '\v' or '\f' or '\u2028' or '\u2029' or ' ')
            {
                if (b.Length > 0 && b[^1] != ' ')
                {
                    b.Append(' ');
                }
            }
            else if (char.IsControl(c) || c is '\u200e' or '\u200f' or (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069'))
            {
                continue;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < stripped.Length && char.IsLowSurrogate(stripped[i + 1]))
            {
                b.Append(c).Append(stripped[++i]);
            }
            else
            {
                b.Append(char.IsSurrogate(c) ? '\ufffd' : c);
            }
        }

        return b.ToString().Trim(' ');
    }

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="max"/> text elements (grapheme clusters, so an emoji or
    /// an accented letter is never split), ending with <c>…</c> when it was cut.</summary>
    /// <param name="text">The text.</param>
    /// <param name="max">The most text elements kept, including the <c>…</c>; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="max"/> is less than 1.</exception>
    public static string Cap(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (text.Length <= max)
        {
            return text;
        }

        var elements = StringInfo.ParseCombiningCharacters(text);
        return elements.Length <= max ? text : text[..elements[max - 1]].TrimEnd(' ') + "…";
    }
}
