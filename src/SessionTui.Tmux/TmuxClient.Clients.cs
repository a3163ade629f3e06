using System.Globalization;
using SessionTui.Core;

namespace SessionTui.Tmux;

/// <summary>One client attached to a server, from <c>list-clients -F</c> with <see cref="Variables"/> (tmux(1) FORMATS).</summary>
/// <param name="Name"><c>#{client_name}</c>: what <c>-c target-client</c> takes, the client's terminal (e.g. <c>/dev/pts/3</c>).</param>
/// <param name="SessionId"><c>#{session_id}</c> of the client's session, null while it has none.</param>
/// <param name="ControlMode"><c>#{client_control_mode}</c>: a <c>tmux -C</c> client (a program, not a person at a terminal).</param>
public sealed record AttachedClient(string Name, string? SessionId, bool ControlMode)
{
    /// <summary>The format variables, in field order.</summary>
    public static IReadOnlyList<string> Variables { get; } = ["client_name", "session_id", "client_control_mode"];

    /// <summary>Parses the output of <c>list-clients</c> run with the format of <see cref="Variables"/> and <paramref name="nonce"/>.</summary>
    /// <exception cref="FormatException">The output does not match the format.</exception>
    public static IReadOnlyList<AttachedClient> Parse(string output, string nonce) =>
        new TmuxRecordFormat(Variables, nonce).Parse(output).Select(f => new AttachedClient(
            f[0],
            f[1].Length == 0 ? null : TmuxFields.Id(f, 1, "session_id", '$'),
            TmuxFields.Flag(f, 2, "client_control_mode"))).ToArray();
}

/// <summary>The tmux calls of notifications: clients, messages on their status lines, passthrough.</summary>
public sealed partial class TmuxClient
{
    /// <summary>What tmux answers for a <c>-c</c> client that is gone (detached between listing and use).</summary>
    private const string NoSuchClient = "can't find client";

    /// <summary>Lists the clients attached to a server: <c>list-clients -F &lt;fmt&gt;</c> (<see cref="AttachedClient.Variables"/>).</summary>
    /// <returns>The clients in tmux's order; empty when none is attached (or the server has no sessions).</returns>
    /// <exception cref="TmuxServerUnavailableException">No server on the socket.</exception>
    /// <exception cref="TmuxCommandException">Listing failed.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    public async Task<IReadOnlyList<AttachedClient>> ListAttachedClientsAsync(ServerRef server, CancellationToken cancellationToken = default)
    {
        var nonce = TmuxRecordFormat.NewNonce();
        var format = new TmuxRecordFormat(AttachedClient.Variables, nonce);
        var results = await _transport.ExecuteAsync(server, [new TmuxCommand(["list-clients", "-F", format.Text])], cancellationToken)
            .ConfigureAwait(false);
        if (results[0].Status == TmuxCommandStatus.Failed && results[0].Error == NoCurrentTarget)
        {
            return [];
        }

        return AttachedClient.Parse(Succeeded(results[0]).Output, nonce);
    }

    /// <summary>
    /// Shows <paramref name="text"/> on the status line of each client for <paramref name="display"/>:
    /// <c>display-message -c CLIENT -d MS TEXT</c> per client, in one call. The message is a format expanded with strftime(3)
    /// first (tmux 3.3a <c>format_expand_time</c>), so every <c>%</c> and <c>#</c> of the text is doubled and it shows verbatim.
    /// tmux stops a batch at its first failing command: the rest are sent again without it.
    /// </summary>
    /// <param name="server">The server the clients are attached to.</param>
    /// <param name="clients">Client names (<see cref="AttachedClient.Name"/>).</param>
    /// <param name="display">How long the message stays; zero keeps it until a key is pressed (tmux(1) <c>display-message -d</c>).</param>
    /// <param name="text">The message, one line of plain text.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>One error line per client that could not be shown the message (a client that detached meanwhile is not an
    /// error); empty when all were.</returns>
    /// <exception cref="TmuxServerUnavailableException">No server on the socket.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="display"/> is negative.</exception>
    public async Task<IReadOnlyList<string>> DisplayMessageAsync(
        ServerRef server, IReadOnlyList<string> clients, TimeSpan display, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(display, TimeSpan.Zero);
        var message = TmuxEscaping.FormatLiteral(text).Replace("%", "%%", StringComparison.Ordinal);
        var ms = ((long)display.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var pending = clients.ToList();
        var errors = new List<string>();
        while (pending.Count > 0)
        {
            var commands = pending.Select(c => new TmuxCommand(["display-message", "-c", c, "-d", ms, message])).ToArray();
            var results = await _transport.ExecuteAsync(server, commands, cancellationToken).ConfigureAwait(false);
            var failed = results.Select((r, i) => (r, i)).FirstOrDefault(x => x.r.Status == TmuxCommandStatus.Failed);
            if (failed.r is null)
            {
                break;
            }

            var error = failed.r.Error ?? "tmux command failed";
            if (!error.StartsWith(NoSuchClient, StringComparison.Ordinal))
            {
                errors.Add(pending[failed.i] + ": " + error);
            }

            pending = pending.Skip(failed.i + 1).ToList();
        }

        return errors;
    }

    /// <summary>Lets a pane's program send escape sequences to the terminals outside tmux through the DCS passthrough
    /// (<c>ESC P tmux; ... ESC \</c>): <c>set-option -p -t %N allow-passthrough on</c> (a pane option since tmux 3.3, off by
    /// default; older tmux always passes through and rejects the option).</summary>
    /// <param name="server">The server the pane lives on.</param>
    /// <param name="paneId">The pane (<c>%N</c>), usually the caller's own (<c>$TMUX_PANE</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="TmuxCommandException">tmux refused (no such pane, or an older tmux without the option).</exception>
    /// <exception cref="TmuxServerUnavailableException">No server on the socket.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on <c>PATH</c>.</exception>
    /// <exception cref="ArgumentException"><paramref name="paneId"/> is not <c>%N</c>.</exception>
    public async Task AllowPassthroughAsync(ServerRef server, string paneId, CancellationToken cancellationToken = default)
    {
        var results = await _transport.ExecuteAsync(
            server, [new TmuxCommand(["set-option", "-p", "-t", TmuxTargets.Pane(paneId), "allow-passthrough", "on"])], cancellationToken)
            .ConfigureAwait(false);
        Succeeded(results[0]);
    }
}
