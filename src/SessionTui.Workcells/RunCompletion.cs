using System.Globalization;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Tmux;
using SessionTui.Workcells.Loops;

namespace SessionTui.Workcells;

/// <summary>The checks at the end of a run, made by the composition root from Verification/ and Diagnosis/.</summary>
/// <param name="Verify">Verifies a run in its cwd against its base commit; the verify command line to run, or null for
/// git facts only. Never throws but for cancellation: problems go into <see cref="Core.Runs.Verification.Error"/>.</param>
/// <param name="Diagnose">Names the failure mode of an ended run from its outcome, exit, verification and last screen;
/// null when there is nothing to diagnose.</param>
public sealed record RunChecks(
    Func<RunRecord, string?, CancellationToken, Task<Core.Runs.Verification>> Verify,
    Func<RunState, RunExit?, Core.Runs.Verification?, string?, RunRecord, Core.Runs.Diagnosis?> Diagnose);

/// <summary>
/// Records how runs end. <see cref="ExitedAsync"/> runs from the pane's <c>pane-died</c> hook (started by the tmux server,
/// whatever SessionTui process is alive): it records the exact exit status or signal at once, then verifies the result
/// against git and the verify command, decides the outcome, diagnoses a failure, keeps the handoff and runs the on-exit
/// command. <see cref="EndedWithoutExit"/> records a kill or a vanished server. Every step is idempotent: the first end
/// recorded wins.
/// </summary>
public sealed class RunCompletion
{
    private const int ScreenLines = 60;
    private readonly TmuxClient _tmux;
    private readonly IProcessRunner _runner;
    private readonly RunLedger _ledger;
    private readonly WorkcellConfig _config;
    private readonly TimeProvider _clock;
    private readonly RunChecks _checks;

    /// <summary>Creates the completion steps.</summary>
    /// <param name="tmux">tmux client (last screen, dead pane status).</param>
    /// <param name="runner">Runs the on-exit command.</param>
    /// <param name="ledger">Status files and database rows.</param>
    /// <param name="config">Timeouts.</param>
    /// <param name="clock">UTC clock.</param>
    /// <param name="checks">Verification and diagnosis.</param>
    public RunCompletion(TmuxClient tmux, IProcessRunner runner, RunLedger ledger, WorkcellConfig config, TimeProvider clock, RunChecks checks)
    {
        _tmux = tmux;
        _runner = runner;
        _ledger = ledger;
        _config = config;
        _clock = clock;
        _checks = checks;
    }

    /// <summary>
    /// The agent of the run in <paramref name="folder"/> exited: records <paramref name="exit"/> (state <c>verifying</c>),
    /// captures the last screen, verifies, decides the outcome, diagnoses, saves the handoff, runs the on-exit command.
    /// A run already ended or being verified is left alone.
    /// </summary>
    /// <param name="folder">The run's folder.</param>
    /// <param name="exit">How the agent ended, or null when the hook did not know yet (tmux is then asked for up to 5 s;
    /// when it still does not know, nothing is recorded and the next observation completes the run).</param>
    /// <param name="paneId">The pane that died (<c>%N</c>, from the hook's <c>#{pane_id}</c>), recorded when the status does
    /// not name it yet: a fast agent can exit, and tmux run the hook, before the launcher has written the pane it created.
    /// Without it the last screen could not be captured and the diagnosis would miss what the agent printed.</param>
    /// <param name="cancellationToken">Cancels the steps after the exit was recorded.</param>
    /// <returns>The record now stored.</returns>
    /// <exception cref="IOException">The status file cannot be read or written.</exception>
    public async Task<RunRecord?> ExitedAsync(RunFolder folder, RunExit? exit, string? paneId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (exit is null)
        {
            var known = folder.ReadStatus();
            if (known?.PaneId is null)
            {
                return known;
            }

            try
            {
                var dead = await _tmux.DeadPaneExitAsync(TmuxServers.FromSocketPath(known.Socket), known.PaneId, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
                if (dead is not { } d)
                {
                    return known;
                }

                exit = new RunExit(d.Status, d.Signal);
            }
            catch (Exception e) when (e is TmuxServerUnavailableException or TmuxCommandException or TimeoutException)
            {
                return known;
            }
        }

        var now = _clock.GetUtcNow();
        var (run, changed) = _ledger.Update(folder, r => r is null || r.IsEnded || r.State == RunState.Verifying
            ? null
            : r with { State = RunState.Verifying, Exit = exit, Ended = now, PaneId = r.PaneId ?? PaneIdOrNull(paneId) });
        if (!changed || run is null)
        {
            return run;
        }

        var screen = await LastScreenAsync(run, cancellationToken).ConfigureAwait(false);
        if (run.Loop is not null || run.Pipeline is not null)
        {
            return await LoopExitedAsync(folder, run, exit, screen, cancellationToken).ConfigureAwait(false);
        }

        var verification = await _checks.Verify(run, run.Verify, cancellationToken).ConfigureAwait(false);
        var outcome = RunStates.Outcome(exit, verification);
        var diagnosis = _checks.Diagnose(outcome, exit, verification, screen, run);
        SaveHandoff(folder, run);
        (run, _) = _ledger.Update(folder, r => r! with { State = outcome, Verification = verification, Diagnosis = diagnosis, LastScreen = screen ?? r.LastScreen });
        if (run?.OnExit is { } onExit)
        {
            var status = await OnExitAsync(folder, run, onExit, cancellationToken).ConfigureAwait(false);
            (run, _) = _ledger.Update(folder, r => r! with { OnExitStatus = status });
        }

        return run;
    }

    /// <summary>
    /// The run's session is gone before its agent's exit was recorded: <see cref="RunState.Killed"/> (killed by a person, the
    /// wall or the CLI) or <see cref="RunState.Vanished"/> (its server went away). A run already past <c>running</c> is left
    /// alone, and so is one that moved to another session since <paramref name="observed"/> was read (a pipeline stage
    /// reopened by <c>pipeline resume</c> while a late hook of its old session still runs). Git facts are gathered (commits,
    /// changes) without running the verify command.
    /// </summary>
    /// <param name="folder">The run's folder.</param>
    /// <param name="end">Killed or vanished.</param>
    /// <param name="lastScreen">The last screen, when the caller kept one.</param>
    /// <param name="observed">The record whose session was seen gone; null to skip the check.</param>
    /// <param name="cancellationToken">Cancels the git calls.</param>
    /// <returns>The record now stored.</returns>
    /// <exception cref="IOException">The status file cannot be read or written.</exception>
    public async Task<RunRecord?> EndedWithoutExit(RunFolder folder, RunState end, string? lastScreen, RunRecord? observed = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (end is not (RunState.Killed or RunState.Vanished))
        {
            throw new ArgumentOutOfRangeException(nameof(end), end, "only killed or vanished");
        }

        var now = _clock.GetUtcNow();
        var (run, changed) = _ledger.Update(folder, r => r is null || r.State is not (RunState.Starting or RunState.Running)
            || (observed?.SessionId is { } sid && r.SessionId != sid)
            || (observed is { ServerPid: not 0 } && r.ServerPid != 0 && r.ServerPid != observed.ServerPid)
            ? null
            : r with { State = end, Ended = now, LastScreen = lastScreen ?? r.LastScreen });
        if (!changed || run is null)
        {
            return run;
        }

        if (run.Loop is { IsEnded: false })
        {
            (run, _) = _ledger.Update(folder, r => r! with
            {
                Loop = r.Loop! with
                {
                    State = LoopState.Killed,
                    Reason = end == RunState.Killed ? "the session was killed" : "the tmux server went away",
                    WaitingUntil = null,
                },
            });
            var cells = new LoopFolder(folder);
            foreach (var open in cells.ReadAll().Where(i => !i.IsEnded))
            {
                var killed = open with { State = IterationState.Killed, Ended = now };
                cells.Write(killed);
                _ledger.SaveIteration(killed);
            }
        }

        if (run?.Pipeline is { State: "running" })
        {
            (run, _) = _ledger.Update(folder, r => r! with
            {
                Pipeline = r.Pipeline! with { State = "killed", Reason = (end == RunState.Killed ? "the session was killed" : "the tmux server went away") + "; go on with: sessiontui pipeline resume '" + r.Name + "'" },
            });
        }

        var verification = await _checks.Verify(run!, null, cancellationToken).ConfigureAwait(false);
        var diagnosis = _checks.Diagnose(end, null, verification, run!.LastScreen, run);
        SaveHandoff(folder, run);
        (run, _) = _ledger.Update(folder, r => r! with { Verification = verification, Diagnosis = diagnosis });
        return run;
    }

    /// <summary>
    /// A loop's or a pipeline's runner exited: the loop's (pipeline's) own end, written by the runner, decides the outcome —
    /// completed succeeds, killed is killed, anything else fails; a runner that exited before the end fails it. Git facts cover the whole loop; the
    /// verify result is the last iteration's (the runner ran it; it is not run again).
    /// </summary>
    private async Task<RunRecord?> LoopExitedAsync(RunFolder folder, RunRecord run, RunExit exit, string? screen, CancellationToken ct)
    {
        var loop = run.Loop;
        if (loop is { IsEnded: false })
        {
            loop = loop with { State = LoopState.Failed, Reason = $"the loop runner stopped ({exit}) before the loop ended", WaitingUntil = null };
        }

        var pipeline = run.Pipeline;
        if (pipeline is { State: "running" })
        {
            pipeline = pipeline with { State = "failed", Reason = $"the pipeline runner stopped ({exit}) before the pipeline ended" };
        }

        var verification = await _checks.Verify(run, null, ct).ConfigureAwait(false);
        if (run.Verify is not null && new LoopFolder(folder).ReadAll().LastOrDefault(i => i.VerifyExit is not null) is { } last)
        {
            verification = verification with { VerifyCommand = run.Verify, VerifyExit = last.VerifyExit, VerifyTail = last.VerifyTail };
        }

        var outcome = loop is not null ? RunStates.Outcome(loop.State)
            : pipeline!.State switch { "completed" => RunState.Succeeded, "killed" => RunState.Killed, _ => RunState.Failed };
        var diagnosis = outcome == RunState.Succeeded ? null : _checks.Diagnose(outcome, exit, verification, screen, run);
        (var stored, _) = _ledger.Update(folder, r => r! with
        {
            State = outcome,
            Loop = loop,
            Pipeline = pipeline,
            Verification = verification,
            Diagnosis = diagnosis,
            LastScreen = screen ?? r.LastScreen,
        });
        return stored;
    }

    private static string? PaneIdOrNull(string? paneId) =>
        paneId is ['%', .. var digits] && digits.Length > 0 && digits.All(char.IsAsciiDigit) ? paneId : null;

    private async Task<string?> LastScreenAsync(RunRecord run, CancellationToken ct)
    {
        if (run.PaneId is null)
        {
            return null;
        }

        try
        {
            var text = await _tmux.CapturePaneAsync(TmuxServers.FromSocketPath(run.Socket), run.PaneId, ScreenLines, ct).ConfigureAwait(false);
            // A pane's empty middle (between the agent's last output and tmux's EXITED line) folds into one blank line.
            var lines = Ansi.Strip(text).TrimEnd().Split('\n').Select(l => l.TrimEnd());
            return string.Join('\n', lines.Aggregate(new List<string>(), (kept, l) =>
            {
                if (l.Length > 0 || kept.Count == 0 || kept[^1].Length > 0)
                {
                    kept.Add(l);
                }

                return kept;
            })).Trim('\n');
        }
        catch (Exception e) when (e is TmuxCommandException or TmuxServerUnavailableException or TimeoutException)
        {
            return null;
        }
    }

    private void SaveHandoff(RunFolder folder, RunRecord run)
    {
        try
        {
            var text = File.Exists(folder.Handoff) ? File.ReadAllText(folder.Handoff) : null;
            if (text is not null && Briefs.IsFilled(text, run.Name, run.RunId))
            {
                _ledger.Store?.SaveHandoff(run.RunId, _clock.GetUtcNow(), text);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HistoryStoreException)
        {
            // The handoff stays in the run folder, where resume reads it first.
        }
    }

    private async Task<int> OnExitAsync(RunFolder folder, RunRecord run, string onExit, CancellationToken ct)
    {
        var env = new Dictionary<string, string?>
        {
            ["SESSIONTUI_RUN_ID"] = run.RunId,
            ["SESSIONTUI_RUN_DIR"] = run.RunDir,
            ["SESSIONTUI_NAME"] = run.Name,
            ["SESSIONTUI_CWD"] = run.Cwd,
            ["SESSIONTUI_SOCKET"] = run.Socket,
            ["SESSIONTUI_STATE"] = RunStates.Text(run.State),
            ["SESSIONTUI_EXIT_STATUS"] = run.Exit?.Status?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["SESSIONTUI_EXIT_SIGNAL"] = run.Exit?.Signal?.ToString(CultureInfo.InvariantCulture) ?? "",
            ["SESSIONTUI_COMMITS"] = (run.Verification?.Commits.Count ?? 0).ToString(CultureInfo.InvariantCulture),
            ["SESSIONTUI_VERIFY"] = run.Verification?.VerifyPassed switch { true => "passed", false => "failed", null => "none" },
            ["SESSIONTUI_STATUS_JSON"] = folder.Status,
            ["SESSIONTUI_HANDOFF"] = folder.Handoff,
            ["SESSIONTUI_BRIEF"] = folder.Brief,
        };
        try
        {
            var result = await _runner.RunAsync(new ProcessSpec("/bin/sh", ["-c", onExit]) { WorkingDirectory = run.Cwd, Environment = env, Timeout = TimeSpan.FromSeconds(_config.VerifyTimeoutSeconds) }, ct).ConfigureAwait(false);
            File.WriteAllText(folder.OnExitLog, result.StandardOutput + result.StandardError);
            return result.ExitCode;
        }
        catch (Exception e) when (e is TimeoutException or IOException or DirectoryNotFoundException or ExecutableNotFoundException)
        {
            File.WriteAllText(folder.OnExitLog, "sessiontui: on-exit command failed: " + OneLine.Of(e) + "\n");
            return 124;
        }
    }
}
