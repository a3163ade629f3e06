using System.Globalization;
using System.Security.Cryptography;
using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>What <see cref="TmuxClient.ReadPaneAsync"/> saw of a pane: its text and where its cursor is.</summary>
/// <param name="Lines">The captured lines, top to bottom: history lines asked for, then the visible screen; wrapped lines
/// joined into one (<c>capture-pane -J</c>), trailing whitespace removed, no escape sequences.</param>
/// <param name="CursorX">Cursor column on the visible screen, 0-based (<c>#{cursor_x}</c>).</param>
/// <param name="CursorY">Cursor row on the visible screen, 0-based (<c>#{cursor_y}</c>).</param>
public sealed record PaneText(IReadOnlyList<string> Lines, int CursorX, int CursorY);

/// <summary>Typing into panes: tmux buffers, keys and plain captures.</summary>
public sealed partial class TmuxClient
{
    /// <summary>Prefix of the buffers <see cref="PasteAsync"/> makes; the rest is 16 random hex digits.</summary>
    public const string SendBufferPrefix = "sessiontui-send-";

    /// <summary>
    /// Pastes <paramref name="text"/> into a pane as if the user pasted it, in one call:
    /// <c>load-buffer -b sessiontui-send-&lt;random&gt; -</c> (the bytes on the tmux client's stdin, verbatim: nothing is
    /// quoted or typed, so a line of any length arrives whole, unlike <c>send-keys</c>), then
    /// <c>paste-buffer -d -p -b &lt;buffer&gt; -t %N</c> (tmux(1) BUFFERS). tmux writes linefeeds as carriage returns, as a
    /// terminal does on paste, and with <c>-p</c> wraps the text in bracketed-paste markers (<c>ESC [200~</c> …
    /// <c>ESC [201~</c>) only when the program in the pane asked for them (mode 2004), so an agent's input box takes a
    /// multi-line text as one paste instead of submitting it line by line. <c>-d</c> deletes the buffer; if the paste fails
    /// the buffer is deleted with <c>delete-buffer</c>.
    /// </summary>
    /// <param name="server">The server.</param>
    /// <param name="paneId">The pane, <c>%N</c>.</param>
    /// <param name="text">The bytes to paste; not empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="TmuxCommandException">tmux refused, e.g. <c>can't find pane: %7</c>.</exception>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="paneId"/> is not <c>%N</c>, or <paramref name="text"/> is empty
    /// (tmux makes no buffer of an empty input).</exception>
    public async Task PasteAsync(ServerRef server, string paneId, ReadOnlyMemory<byte> text, CancellationToken cancellationToken = default)
    {
        var pane = TmuxTargets.Pane(paneId);
        if (text.IsEmpty)
        {
            throw new ArgumentException("nothing to paste", nameof(text));
        }

        var buffer = SendBufferPrefix + RandomNumberGenerator.GetHexString(16, lowercase: true);
        var results = await _transport.ExecuteAsync(
            server,
            [
                new TmuxCommand(["load-buffer", "-b", buffer, "-"]) { Input = text },
                new TmuxCommand(["paste-buffer", "-d", "-p", "-b", buffer, "-t", pane]),
            ],
            cancellationToken).ConfigureAwait(false);
        if (results[1].Status != TmuxCommandStatus.Ok && results[0].Status == TmuxCommandStatus.Ok)
        {
            await _transport.ExecuteAsync(server, [new TmuxCommand(["delete-buffer", "-b", buffer])], cancellationToken).ConfigureAwait(false);
        }

        Succeeded(results[0]);
        Succeeded(results[1]);
    }

    /// <summary>Sends keys to a pane by their tmux names: <c>send-keys -t %N KEY...</c> (tmux(1) KEY BINDINGS), e.g.
    /// <c>Enter</c>.</summary>
    /// <param name="server">The server.</param>
    /// <param name="paneId">The pane, <c>%N</c>.</param>
    /// <param name="keys">tmux key names; not empty.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="TmuxCommandException">tmux refused (no such pane, unknown key).</exception>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="paneId"/> is not <c>%N</c> or no key is given.</exception>
    public async Task SendKeysAsync(ServerRef server, string paneId, IReadOnlyList<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("no key to send", nameof(keys));
        }

        var results = await _transport.ExecuteAsync(
            server, [new TmuxCommand(["send-keys", "-t", TmuxTargets.Pane(paneId), .. keys])], cancellationToken).ConfigureAwait(false);
        Succeeded(results[0]);
    }

    /// <summary>
    /// Reads a pane's text and cursor in one call: <c>capture-pane -p -J -S -&lt;lines&gt; -t %N ; display-message -p -t %N
    /// '#{cursor_x},#{cursor_y}'</c> (tmux(1) FORMATS). No <c>-e</c>: the text has no escape sequences.
    /// </summary>
    /// <param name="server">The server.</param>
    /// <param name="paneId">The pane, <c>%N</c>.</param>
    /// <param name="lines">History lines above the visible screen to include; 0 for the visible screen only.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lines (see <see cref="PaneText.Lines"/>) and the cursor.</returns>
    /// <exception cref="TmuxCommandException">The pane is gone (<c>can't find pane: %7</c>).</exception>
    /// <exception cref="TmuxServerUnavailableException">The server could not be reached.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="paneId"/> is not <c>%N</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lines"/> is negative.</exception>
    /// <exception cref="FormatException">tmux printed no cursor position.</exception>
    public async Task<PaneText> ReadPaneAsync(ServerRef server, string paneId, int lines, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        var pane = TmuxTargets.Pane(paneId);
        var results = await _transport.ExecuteAsync(
            server,
            [
                new TmuxCommand(["capture-pane", "-p", "-J", "-S", "-" + lines.ToString(CultureInfo.InvariantCulture), "-t", pane]),
                new TmuxCommand(["display-message", "-p", "-t", pane, "#{cursor_x},#{cursor_y}"]),
            ],
            cancellationToken).ConfigureAwait(false);
        var text = CaptureText(Succeeded(results[0]).Output);
        var cursor = Succeeded(results[1]).Output.TrimEnd('\n').Split(',');
        if (cursor.Length != 2
            || !int.TryParse(cursor[0], NumberStyles.None, CultureInfo.InvariantCulture, out var x)
            || !int.TryParse(cursor[1], NumberStyles.None, CultureInfo.InvariantCulture, out var y))
        {
            throw new FormatException($"tmux printed '{results[1].Output.TrimEnd('\n')}' for #{{cursor_x}},#{{cursor_y}}");
        }

        return new PaneText([.. text.Split('\n').Select(l => l.TrimEnd())], x, y);
    }
}
