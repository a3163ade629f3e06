using System.Collections.Immutable;
using System.Threading.Channels;
using SessionTui.Core;
using SessionTui.Wall;

namespace SessionTui.Watch;

/// <summary>
/// The wall's engine without a screen (<c>sessiontui watch</c>): the same pollers, <see cref="WallUpdate.Update"/> and
/// <see cref="EffectRunner"/>, fed from one queue on one thread. Where the wall captures the panes on screen, the engine
/// captures every session's active pane (the visible screen only: the rules read its last lines), from the second tick
/// on. Attach, edit and the view's Cmds do nothing here.
/// </summary>
internal sealed class WatchEngine : IWallHost
{
    private readonly Channel<Msg> _inbox = Channel.CreateUnbounded<Msg>(new() { SingleReader = true });
    private readonly WatchedPanes _watched;
    private readonly Dictionary<ServerRef, ImmutableHashSet<string>> _panes = [];
    private EffectRunner? _effects;
    private WallState _state;

    /// <summary>Creates the engine.</summary>
    /// <param name="initial">The starting state (servers, settings, workcells).</param>
    /// <param name="watched">The panes the pollers capture; the engine sets it.</param>
    public WatchEngine(WallState initial, WatchedPanes watched)
    {
        _state = initial;
        _watched = watched;
    }

    /// <summary>Posts a message into the queue (any thread).</summary>
    public void Post(Msg msg) => _inbox.Writer.TryWrite(msg);

    /// <summary>Runs until <paramref name="ct"/> is cancelled: every message through the Update, its Cmds through
    /// <paramref name="effects"/>.</summary>
    /// <param name="sources">The pollers' messages (subscribed here).</param>
    /// <param name="effects">The effect runner (made with this engine as its host and <see cref="Post"/>).</param>
    /// <param name="ct">Stops the engine.</param>
    public async Task RunAsync(IObservable<Msg> sources, EffectRunner effects, CancellationToken ct)
    {
        _effects = effects;
        using var subscription = sources.Subscribe(Post, e => Post(new EffectFailed("poller", OneLine.Of(e))));
        try
        {
            await foreach (var msg in _inbox.Reader.ReadAllAsync(ct).ConfigureAwait(false))
            {
                var (next, cmds) = WallUpdate.Update(_state, msg);
                _state = next;
                if (msg is SnapshotReceived snap)
                {
                    Watch(snap.Snapshot);
                }
                else if (msg is ServerUnavailable down)
                {
                    _panes.Remove(down.Server);
                }

                effects.Run([.. cmds.Where(c => c is not (WatchPanes or AttachSession or EditFile))]);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            effects.Drain(TimeSpan.FromSeconds(2));
        }
    }

    /// <inheritdoc />
    public void AttachHere(AttachSession attach)
    {
    }

    /// <inheritdoc />
    public void EditHere(EditFile edit)
    {
    }

    /// <inheritdoc />
    public void Quit(int exitCode)
    {
    }

    private void Watch(ServerSnapshot snap)
    {
        var ids = snap.Sessions.Where(s => !s.ActivePane.Dead).Select(s => s.ActivePane.PaneId).ToImmutableHashSet(StringComparer.Ordinal);
        if (_panes.TryGetValue(snap.Server, out var old) && old.SetEquals(ids))
        {
            return;
        }

        _panes[snap.Server] = ids;
        _watched.Set(new WatchPanes(_panes.ToImmutableDictionary(), 0));
    }
}
