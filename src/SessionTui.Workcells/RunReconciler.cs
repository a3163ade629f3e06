using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Tmux;

namespace SessionTui.Workcells;

/// <summary>
/// Finds the ends that no hook recorded, at the next observation: a run whose session is gone from a live server was
/// killed; one whose server is gone (or restarted) vanished; one whose pane is dead while it still shows as running (the
/// hook could not run) exited with the status tmux kept.
/// </summary>
public sealed class RunReconciler
{
    private static readonly TimeSpan LaunchGrace = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HookGrace = TimeSpan.FromSeconds(5);
    private readonly TmuxClient _tmux;
    private readonly RunCompletion _completion;
    private readonly IRunStore? _store;
    private readonly TimeProvider _clock;

    /// <summary>Creates the reconciler.</summary>
    public RunReconciler(TmuxClient tmux, RunCompletion completion, IRunStore? store, TimeProvider clock)
    {
        _tmux = tmux;
        _completion = completion;
        _store = store;
        _clock = clock;
    }

    /// <summary>Checks every run the database holds as not ended against its server.</summary>
    /// <returns>The runs whose record changed.</returns>
    /// <exception cref="HistoryStoreException">The database cannot be read.</exception>
    /// <exception cref="ExecutableNotFoundException">tmux is not on PATH.</exception>
    public async Task<IReadOnlyList<RunRecord>> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        if (_store is null)
        {
            return [];
        }

        var changed = new List<RunRecord>();
        foreach (var group in _store.ActiveRuns().GroupBy(r => r.Socket, StringComparer.Ordinal))
        {
            IReadOnlyList<SessionInfo>? sessions;
            try
            {
                sessions = await _tmux.ListSessionsAsync(TmuxServers.FromSocketPath(group.Key), cancellationToken).ConfigureAwait(false);
            }
            catch (TmuxServerUnavailableException e) when (e.NoServer)
            {
                sessions = null;
            }
            catch (Exception e) when (e is TmuxServerUnavailableException or TmuxCommandException or TimeoutException)
            {
                continue;
            }

            foreach (var run in group)
            {
                if (await ReconcileAsync(run, sessions, cancellationToken).ConfigureAwait(false) is { } updated)
                {
                    changed.Add(updated);
                }
            }
        }

        return changed;
    }

    private async Task<RunRecord?> ReconcileAsync(RunRecord run, IReadOnlyList<SessionInfo>? sessions, CancellationToken ct)
    {
        var folder = new RunFolder(run.RunDir);
        if (!Directory.Exists(folder.Path))
        {
            return null;
        }

        var age = _clock.GetUtcNow() - run.Started;
        if (run.SessionId is null)
        {
            return age > LaunchGrace ? await _completion.EndedWithoutExit(folder, RunState.Vanished, null, run, ct).ConfigureAwait(false) : null;
        }

        if (run.State == RunState.Verifying)
        {
            return null;
        }

        var session = sessions?.FirstOrDefault(s => s.SessionId == run.SessionId && (run.ServerPid == 0 || s.ServerPid == run.ServerPid));
        if (sessions is null || (session is null && sessions.Count > 0 && run.ServerPid != 0 && sessions[0].ServerPid != run.ServerPid))
        {
            return await _completion.EndedWithoutExit(folder, RunState.Vanished, null, run, ct).ConfigureAwait(false);
        }

        if (session is null)
        {
            return await _completion.EndedWithoutExit(folder, RunState.Killed, null, run, ct).ConfigureAwait(false);
        }

        var pane = session.ActivePane;
        if (pane.Dead && _clock.GetUtcNow() - pane.WindowActivity > HookGrace)
        {
            // The hook did not record the exit (tmux had not reaped the process when the pane died, or the hook failed):
            // record it now, from the status tmux keeps (asked again, with a nudge to reap, when it is not known yet).
            RunExit? exit = pane.DeadSignal is { } signal ? new RunExit(null, signal) : pane.DeadStatus is { } status ? new RunExit(status, null) : null;
            return await _completion.ExitedAsync(folder, exit, cancellationToken: ct).ConfigureAwait(false);
        }

        return null;
    }
}
