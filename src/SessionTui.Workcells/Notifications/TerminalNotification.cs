using System.Text;

namespace SessionTui.Workcells.Notifications;

/// <summary>
/// The bytes that make a terminal show a desktop notification, the same over SSH: no program on the far side.
/// <list type="bullet">
/// <item><c>ESC ] 9 ; TITLE: BODY ESC \</c>: OSC 9, iTerm2's "Post a notification" (iTerm2 documentation, Proprietary Escape
/// Codes), also read by WezTerm and Ghostty (kitty reads its own OSC 99, which this does not write). One text, so the title and body are joined by <c>": "</c>.</item>
/// <item><c>ESC ] 777 ; notify ; TITLE ; BODY ESC \</c>: OSC 777 from rxvt-unicode's <c>notify</c> extension, also read by foot,
/// Ghostty, WezTerm and VTE with Fedora's patch. Fields are separated by <c>;</c>.</item>
/// </list>
/// Every sequence ends with ST (<c>ESC \</c>, ECMA-48 §8.3.143), the terminator every VT parser knows; BEL as a terminator is an
/// xterm extension, and a terminal or multiplexer without it rings the bell and may swallow the output that follows. So the only
/// BEL this writes is the optional bell, a byte of its own after the sequences.
/// <para>Title and body are untrusted: <see cref="NotificationText.Clean"/> removes escapes and control characters (an ESC or BEL
/// would end the sequence and let the rest reach the terminal as commands), every <c>;</c> becomes <c>,</c> (in OSC 777 it
/// would start a new field; in OSC 9 a leading <c>4;</c> is a progress command to ConEmu and Windows Terminal), the title is
/// cut to <see cref="MaxTitle"/> and the body to <see cref="MaxBody"/> text elements.</para>
/// <para>Inside tmux (<c>$TMUX</c> set) the terminal is a tmux pane, and tmux drops OSC 9 and 777. Each sequence is wrapped in
/// tmux's passthrough, <c>ESC P tmux; ... ESC \</c> with every ESC inside doubled (tmux FAQ, "What is the passthrough escape
/// sequence"), which tmux 3.3+ forwards only while the pane's <c>allow-passthrough</c> option is on. The bell stays outside
/// the wrapper: tmux handles a pane's BEL itself (<c>bell-action</c>, <c>visual-bell</c>) and rings the terminal outside.</para>
/// </summary>
public static class TerminalNotification
{
    /// <summary>The most text elements of the title.</summary>
    public const int MaxTitle = 100;

    /// <summary>The most text elements of the body.</summary>
    public const int MaxBody = 240;

    private const string Esc = "\u001b";
    private const string St = Esc + "\\";

    /// <summary>The bytes to write for <paramref name="e"/>: each sequence of <see cref="TerminalOptions.Osc"/> in order,
    /// wrapped for tmux when <paramref name="insideTmux"/>, then BEL when <see cref="TerminalOptions.Bell"/>.</summary>
    /// <param name="e">The notification (its <see cref="NotificationEvent.Title"/> and <see cref="NotificationEvent.Body"/>).</param>
    /// <param name="options">Which sequences and whether to ring.</param>
    /// <param name="insideTmux">Whether the terminal is a tmux pane.</param>
    /// <returns>UTF-8 bytes.</returns>
    public static byte[] Bytes(NotificationEvent e, TerminalOptions options, bool insideTmux)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(options);
        var title = Field(e.Title, MaxTitle);
        var body = Field(e.Body, MaxBody);
        if (title.Length == 0)
        {
            title = "SessionTui";
        }

        var b = new StringBuilder();
        foreach (var osc in options.Osc)
        {
            var sequence = osc switch
            {
                TerminalOsc.Osc9 => Esc + "]9;" + (body.Length == 0 ? title : title + ": " + body) + St,
                TerminalOsc.Osc777 => Esc + "]777;notify;" + title + ";" + body + St,
                _ => throw new ArgumentOutOfRangeException(nameof(options), osc, "not a terminal sequence"),
            };
            b.Append(insideTmux ? TmuxPassthrough(sequence) : sequence);
        }

        if (options.Bell)
        {
            b.Append('\a');
        }

        return Encoding.UTF8.GetBytes(b.ToString());
    }

    /// <summary>Wraps one escape sequence in tmux's DCS passthrough: <c>ESC P tmux;</c>, the sequence with every ESC doubled,
    /// <c>ESC \</c>.</summary>
    public static string TmuxPassthrough(string sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        return Esc + "Ptmux;" + sequence.Replace(Esc, Esc + Esc, StringComparison.Ordinal) + St;
    }

    private static string Field(string text, int max) =>
        NotificationText.Cap(NotificationText.Clean(text).Replace(';', ','), max);
}
