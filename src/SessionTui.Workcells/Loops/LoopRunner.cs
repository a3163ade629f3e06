using System.Globalization;
using System.Text;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Tmux;
using SessionTui.Workcells.Diagnosing;
using SessionTui.Workcells.Verifying;

namespace SessionTui.Workcells.Loops;

/// <summary>What the loop runner uses besides the run folder, made by the composition root.</summary>
/// <param name="Tmux">Captures the pane's output for each iteration's tail.</param>
/// <param name="Runner">Runs git and the verify command.</param>
/// <param name="Ledger">Status files and database rows.</param>
/// <param name="Config">Timeouts and limit waits.</param>
/// <param name="Clock">UTC clock.</param>
/// <param name="Zone">The zone reset times without one are read in (the user's).</param>
/// <param name="Terminal">The pane's terminal (stdout), where the runner prints its header and footer lines.</param>
/// <param name="Delay">Waits (a limit wait); injectable so tests and the clock agree.</param>
public sealed record LoopRunnerParts(
    TmuxClient Tmux, IProcessRunner Runner, RunLedger Ledger, WorkcellConfig Config, TimeProvider Clock, TimeZoneInfo Zone, Stream Terminal,
    Func<TimeSpan, CancellationToken, Task> Delay)
{
    /// <summary>The state rules an iteration's output is also read with when it looks stopped by a limit or a login (see
    /// <see cref="DiagnosisInput.ScreenVerdict"/>), or null for the built-in banners only.</summary>
    public DiagnosisRules? Rules { get; init; }

    /// <summary>Prints to the pane (UTF-8, <c>\n</c> as <c>\r\n</c>); a terminal gone with a killed session is ignored.</summary>
    public void Say(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            Terminal.Write(Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)));
            Terminal.Flush();
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// Runs a Ralph loop inside its workcell's pane (<c>sessiontui loop-run</c>): again and again it writes a prompt, starts the
/// agent afresh on the pane's terminal, waits for its exact exit, and checks what it did — the checklist before and after
/// (by item text), the commits and changes in git (a checked item without a commit or change is flagged and is no
/// progress), the verify command, the tail of its output, a usage limit on its screen — until the loop ends:
/// <c>completed</c> (all items checked and verify passed), <c>max-reached</c>, <c>stalled</c> (K iterations in a row without
/// progress), <c>stalled-on-limit</c> (a limit after the configured waits), <c>killed</c> (its session was killed) or
/// <c>failed</c> (the checklist vanished, the agent cannot start, it cannot log in). Every iteration is recorded in
/// <c>iterations/NNN/</c>, SQLite and <c>progress.md</c> as it goes, so a runner that stops is resumed after its last
/// finished iteration.
/// </summary>
public sealed class LoopRunner
{
    /// <summary>The start of the line the runner prints before each iteration; the output tail starts after the last one.</summary>
    public const string HeaderMark = "── sessiontui loop ";

    private const int OutputTailLines = 60;
    private const int CaptureLines = 3000;
    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);
    private readonly LoopRunnerParts _p;
    private readonly GitInspector _git;
    private readonly VerifyRunner _verify;

    /// <summary>Creates a runner.</summary>
    public LoopRunner(LoopRunnerParts parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        _p = parts;
        _git = new GitInspector(parts.Runner);
        _verify = new VerifyRunner(parts.Runner);
    }

    /// <summary>
    /// Runs the loop of the run in <paramref name="folder"/> to its end (or on from its last finished iteration when
    /// earlier iterations are recorded) and records the end in <c>status.json</c> and SQLite.
    /// </summary>
    /// <param name="folder">The loop's run folder; its status must carry a <see cref="RunRecord.Loop"/>.</param>
    /// <param name="paneId">The pane the runner draws on (<c>$TMUX_PANE</c>), for the output tails; null for none.</param>
    /// <param name="killed">Cancelled when the session is killed (SIGHUP) or the runner is told to stop (SIGTERM).</param>
    /// <returns>How the loop ended.</returns>
    /// <exception cref="InvalidOperationException">The run is not a loop.</exception>
    /// <exception cref="IOException">The run folder cannot be read or written.</exception>
    public async Task<LoopState> RunAsync(RunFolder folder, string? paneId, CancellationToken killed)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var run = folder.ReadStatus() ?? throw new InvalidOperationException($"{folder.Status} holds no run");
        var loop = run.Loop ?? throw new InvalidOperationException($"run {run.RunId} is not a loop");
        if (loop.IsEnded)
        {
            return loop.State;
        }

        var cells = new LoopFolder(folder);
        var past = cells.ReadAll();
        foreach (var open in past.Where(i => !i.IsEnded))
        {
            Save(cells, open with { State = IterationState.Interrupted, Ended = _p.Clock.GetUtcNow() });
        }

        past = cells.ReadAll();
        var state = new Progress(past.Count == 0 ? 0 : past[^1].Number, loop.NoProgress, loop.Waits, past.LastOrDefault(i => i.State == IterationState.Ended));
        UpdateLoop(folder, l => l with { RunnerPid = Environment.ProcessId, State = LoopState.Running, WaitingUntil = null });
        var (end, reason) = await LoopAsync(folder, cells, run, loop, state, paneId, killed).ConfigureAwait(false);
        var final = UpdateLoop(folder, l => l.IsEnded ? l : l with { State = end, Reason = reason, WaitingUntil = null });
        _p.Say($"\n\x1b[1m{HeaderMark}{Escape(run.Name)} ended: {RunStates.Text(final.State)}\x1b[0m · ☑ {final.Done}/{final.Total} · {final.Iteration} iterations\n{final.Reason}\n");
        return final.State;
    }

    private async Task<(LoopState End, string Reason)> LoopAsync(RunFolder folder, LoopFolder cells, RunRecord run, LoopStatus loop, Progress state, string? paneId, CancellationToken killed)
    {
        (int Exit, string Tail)? pendingVerify = null;
        while (true)
        {
            if (killed.IsCancellationRequested)
            {
                return (LoopState.Killed, "the session was killed");
            }

            Checklist before;
            try
            {
                before = await ReadChecklistAsync(loop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (LoopState.Failed, $"cannot read the checklist {loop.Prd}: {e.Message}");
            }

            UpdateLoop(folder, l => l with { Done = before.Done, Total = before.Total });
            if (before.Total == 0 && ByChecklist(loop))
            {
                return (LoopState.Failed, $"the checklist {loop.Prd} has no items");
            }

            if (loop.Until == "verify" && run.Verify is null)
            {
                return (LoopState.Failed, "the loop is done when its verify command passes, but it has none");
            }

            if (before.IsComplete && ByChecklist(loop))
            {
                var verified = state.Last?.VerifyExit is { } ve && state.Last.DoneAfter == before.Done && state.Last.Total == before.Total
                    ? (ve, state.Last.VerifyTail ?? "")
                    : await VerifyAsync(run, killed).ConfigureAwait(false);
                if (verified is not { } v || v.Exit == 0)
                {
                    return (LoopState.Completed, $"all {before.Total} items are checked" + (run.Verify is null ? "" : " and verify passed"));
                }

                pendingVerify = v;
            }

            if (state.Number >= loop.Max)
            {
                return (LoopState.MaxReached, $"{loop.Max} iterations ran; {before.Done} of {before.Total} items are checked");
            }

            var iteration = await IterateAsync(folder, cells, run, loop, state, before, pendingVerify, paneId, killed).ConfigureAwait(false);
            pendingVerify = null;
            state = state with { Number = iteration.Number, Last = iteration.State == IterationState.Ended ? iteration : state.Last };
            if (iteration.State == IterationState.Killed)
            {
                return (LoopState.Killed, $"the session was killed during iteration {iteration.Number}");
            }

            if (iteration.Exit is null && iteration.Limit is null && iteration.State == IterationState.Ended && iteration.Command.Count == 0)
            {
                return (LoopState.Failed, iteration.OutputTail ?? "the agent could not be started");
            }

            if (iteration.Limit is { Mode: FailureMode.AuthFailure } auth)
            {
                return (LoopState.Failed, $"the agent cannot log in ({auth.Evidence}); {auth.NextStep}");
            }

            if (iteration.Limit is { Mode: FailureMode.RateLimit } limit)
            {
                if (state.Waits >= _p.Config.LoopMaxWaits)
                {
                    return (LoopState.StalledOnLimit, $"a usage limit again after {state.Waits} waits ({limit.Evidence})");
                }

                state = state with { Waits = state.Waits + 1 };
                if (!await WaitForLimitAsync(folder, run, limit, state.Waits, killed).ConfigureAwait(false))
                {
                    return (LoopState.Killed, "the session was killed while waiting for the limit to reset");
                }

                continue;
            }

            state = state with { NoProgress = iteration.Progress ? 0 : state.NoProgress + 1 };
            UpdateLoop(folder, l => l with { NoProgress = state.NoProgress, Waits = state.Waits });
            if (Done(loop, iteration) is { } done)
            {
                return (LoopState.Completed, done);
            }

            if (state.NoProgress >= loop.Stall)
            {
                return (LoopState.Stalled, $"{loop.Stall} iterations in a row made no progress (no newly checked item with a commit)");
            }
        }
    }

    private static bool ByChecklist(LoopStatus loop) => loop.Until == "checklist";

    /// <summary>The loop's checklist as the file is now; an empty one for a stage without a checklist.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    private static async Task<Checklist> ReadChecklistAsync(LoopStatus loop) =>
        Checklist.Parse(loop.Prd.Length == 0 ? "" : await File.ReadAllTextAsync(loop.Prd, CancellationToken.None).ConfigureAwait(false));

    /// <summary>Why the loop is done after <paramref name="i"/> by its rule, or null when it is not.</summary>
    private static string? Done(LoopStatus loop, IterationRecord i) => loop.Until switch
    {
        "verify" when i.VerifyExit == 0 => "the verify command passed",
        "once" when i.Exit == new RunExit(0, null) && i.VerifyExit is null or 0 => "the agent finished (exit 0)" + (i.VerifyExit is null ? "" : " and verify passed"),
        "checklist" when i.Total > 0 && i.DoneAfter == i.Total && i.VerifyExit is null or 0 => $"all {i.Total} items are checked" + (i.VerifyExit is null ? "" : " and verify passed"),
        _ => null,
    };

    private async Task<IterationRecord> IterateAsync(
        RunFolder folder, LoopFolder cells, RunRecord run, LoopStatus loop, Progress state, Checklist before, (int Exit, string Tail)? pendingVerify, string? paneId, CancellationToken killed)
    {
        var number = state.Number + 1;
        Directory.CreateDirectory(cells.Dir(number), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var previous = state.Last;
        if (pendingVerify is { } pv && previous is not null)
        {
            previous = previous with { VerifyExit = pv.Exit, VerifyTail = pv.Tail };
        }

        var context = new LoopContext(
            run.Name, number, loop.Max, loop.Prd, before.Done, before.Total, [.. before.Unchecked.Take(LoopPrompt.NextItems).Select(i => i.Text)],
            cells.Progress, cells.Handoff(number), run.Verify, previous, previous is null ? null : ReadHandoff(cells, previous.Number),
            StagePrompt(loop, folder, number));
        var prompt = LoopPrompt.Prompt(context);
        folder.WriteFile(cells.Prompt(number), prompt);
        folder.WriteFile(cells.Context(number), LoopPrompt.ContextJson(context, cells.Prompt(number)));
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["prompt"] = prompt,
            ["task"] = prompt,
            ["prompt_file"] = cells.Prompt(number),
            ["prd"] = loop.Prd,
            ["iteration"] = number.ToString(CultureInfo.InvariantCulture),
            ["run_dir"] = folder.Path,
            ["handoff"] = cells.Handoff(number),
            ["output"] = loop.Output ?? "",
        };
        var command = Placeholders.Expand(loop.Template, values);
        var headBefore = (await GitOrNull(async () => new[] { await _git.HeadAsync(run.Cwd, killed).ConfigureAwait(false) }).ConfigureAwait(false))?[0];
        var printBefore = await GitOrNull(() => _git.WorkFingerprintAsync(run.Cwd, headBefore, loop.Prd, killed)).ConfigureAwait(false);
        var started = _p.Clock.GetUtcNow();
        // The record names the prompt by its file: the text is in prompt.md, and repeated in every argv it buries the command.
        var shown = new Dictionary<string, string>(values, StringComparer.Ordinal) { ["prompt"] = $"<prompt: {cells.Prompt(number)}>", ["task"] = $"<prompt: {cells.Prompt(number)}>" };
        var iteration = new IterationRecord(run.RunId, number, IterationState.Running, started)
        {
            Command = Placeholders.Expand(loop.Template, shown),
            DoneBefore = before.Done,
            DoneAfter = before.Done,
            Total = before.Total,
        };
        Save(cells, iteration);
        UpdateLoop(folder, l => l with { State = LoopState.Running, Iteration = number, WaitingUntil = null, Reason = null });
        var stage = loop.Stage is null ? "" : " stage " + loop.Stage;
        var box = before.Total > 0 ? $" · ☑ {before.Done}/{before.Total}" : "";
        _p.Say($"\n\x1b[1m{HeaderMark}{Escape(run.Name)}{stage} · iteration {number}/{loop.Max}{box} ──\x1b[0m\n");

        var exit = await RunAgentAsync(command, run.Cwd, Env(run, cells, number), killed).ConfigureAwait(false);
        var now = _p.Clock.GetUtcNow();
        if (exit.Error is { } error)
        {
            iteration = iteration with { State = IterationState.Ended, Ended = now, Command = [], OutputTail = $"cannot start the agent: {error}" };
            Save(cells, iteration);
            return iteration;
        }

        if (killed.IsCancellationRequested)
        {
            iteration = iteration with { State = IterationState.Killed, Ended = now, Exit = exit.Exit };
            Save(cells, iteration);
            return iteration;
        }

        iteration = iteration with { State = IterationState.Verifying, Ended = now, Exit = exit.Exit };
        Save(cells, iteration);
        UpdateLoop(folder, l => l with { State = LoopState.Verifying });
        iteration = await CheckAsync(folder, cells, run, loop, iteration, before, headBefore, printBefore, paneId, killed).ConfigureAwait(false);
        Save(cells, iteration);
        try
        {
            cells.AppendProgress(run.Name, iteration, loop.Max);
        }
        catch (IOException)
        {
        }

        UpdateLoop(folder, l => l with
        {
            Done = iteration.DoneAfter,
            Total = iteration.Total,
            CheckedWithoutCommit = l.CheckedWithoutCommit + (iteration.CheckedWithoutCommit ? 1 : 0),
        });
        _p.Say($"\x1b[2m{HeaderMark}iteration {number}: {LoopPrompt.Summary(iteration)}\x1b[0m\n");
        return iteration;
    }

    private async Task<IterationRecord> CheckAsync(
        RunFolder folder, LoopFolder cells, RunRecord run, LoopStatus loop, IterationRecord iteration, Checklist before, string? headBefore, string? printBefore,
        string? paneId, CancellationToken killed)
    {
        Checklist after;
        try
        {
            after = await ReadChecklistAsync(loop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            after = before;
        }

        var diff = Checklist.Compare(before, after);
        var commits = await GitOrNull(() => _git.CommitsSinceAsync(run.Cwd, headBefore, killed)).ConfigureAwait(false) ?? [];
        var printAfter = await GitOrNull(() => _git.WorkFingerprintAsync(run.Cwd, headBefore, loop.Prd, killed)).ConfigureAwait(false);
        var stat = await GitOrNull(() => _git.DiffStatSinceAsync(run.Cwd, headBefore, killed)).ConfigureAwait(false) ?? "";
        var changed = printAfter is null || !string.Equals(printBefore, printAfter, StringComparison.Ordinal);
        var output = await OutputTailAsync(run, paneId).ConfigureAwait(false);
        folder.WriteFile(cells.Output(iteration.Number), OutputMarkdown(iteration.Number, output));
        var checkedAny = diff.NewlyChecked.Count > 0;
        var limit = (ByChecklist(loop) ? checkedAny : true) && changed
            ? null
            : Diagnoser.Diagnose(RunState.Failed, iteration.Exit, null, output, run, _p.Clock.GetUtcNow(), _p.Zone, _p.Rules?.Read(output, _p.Clock.GetUtcNow())) is { Mode: FailureMode.RateLimit or FailureMode.AuthFailure } d ? d : null;
        var verify = limit is null ? await VerifyAsync(run, killed).ConfigureAwait(false) : null;
        return iteration with
        {
            State = IterationState.Ended,
            DoneAfter = after.Done,
            Total = after.Total,
            Checked = [.. diff.NewlyChecked.Select(i => i.Text)],
            Unchecked = [.. diff.NewlyUnchecked.Select(i => i.Text)],
            Commits = commits,
            DiffStat = stat,
            Changed = changed,
            VerifyExit = verify?.Exit,
            VerifyTail = verify?.Tail,
            CheckedWithoutCommit = checkedAny && !changed,
            Progress = ByChecklist(loop) ? checkedAny && changed : changed,
            Limit = limit,
            OutputTail = output,
        };
    }

    private async Task<(RunExit? Exit, string? Error)> RunAgentAsync(IReadOnlyList<string> command, string cwd, Dictionary<string, string> env, CancellationToken killed)
    {
        AgentProcess agent;
        try
        {
            agent = AgentProcess.Start(command, cwd, env);
        }
        catch (IOException e)
        {
            _p.Say($"sessiontui: {e.Message}\n");
            return (null, e.Message);
        }

        var wait = agent.WaitAsync();
        using (killed.Register(() => _ = StopAsync(agent, wait)))
        {
            return (await wait.ConfigureAwait(false), null);
        }
    }

    /// <summary>A killed session's SIGHUP reaches the agent too; one that ignores it gets SIGTERM, then SIGKILL.</summary>
    private static async Task StopAsync(AgentProcess agent, Task wait)
    {
        agent.Signal(15);
        if (await Task.WhenAny(wait, Task.Delay(KillGrace)).ConfigureAwait(false) != wait)
        {
            agent.Signal(9);
        }
    }

    private async Task<bool> WaitForLimitAsync(RunFolder folder, RunRecord run, Diagnosis limit, int wait, CancellationToken killed)
    {
        var now = _p.Clock.GetUtcNow();
        var backoff = _p.Config.LoopBackoffSeconds;
        var until = limit.ResetsAt is { } r && r > now.AddDays(-1)
            ? (r > now ? r : now).AddSeconds(_p.Config.LoopLimitMarginSeconds)
            : now.AddSeconds(backoff[Math.Min(wait - 1, backoff.Count - 1)]);
        var local = TimeZoneInfo.ConvertTime(until, _p.Zone);
        var why = $"waiting for limit reset {local:HH:mm}" + (limit.ResetsAt is null ? " (backoff: the screen names no reset time)" : "");
        UpdateLoop(folder, l => l with { State = LoopState.Waiting, WaitingUntil = until, Waits = wait, Reason = why });
        _p.Say($"\x1b[33m{HeaderMark}{Escape(run.Name)}: {why}, wait {wait} of {_p.Config.LoopMaxWaits}\x1b[0m\n");
        try
        {
            await _p.Delay(until - now, killed).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<(int Exit, string Tail)?> VerifyAsync(RunRecord run, CancellationToken killed)
    {
        if (run.Verify is null)
        {
            return null;
        }

        try
        {
            var env = new Dictionary<string, string?> { ["SESSIONTUI_RUN_ID"] = run.RunId, ["SESSIONTUI_RUN_DIR"] = run.RunDir };
            var result = await _verify.RunAsync(run.RunDir, run.Cwd, TimeSpan.FromSeconds(_p.Config.VerifyTimeoutSeconds), env, killed).ConfigureAwait(false);
            return (result.ExitCode, result.Tail);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ExecutableNotFoundException)
        {
            return (127, "sessiontui: the verify command could not run: " + e.Message);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task<string?> OutputTailAsync(RunRecord run, string? paneId)
    {
        if (paneId is null)
        {
            return null;
        }

        try
        {
            var text = Ansi.Strip(await _p.Tmux.CapturePaneAsync(TmuxServers.FromSocketPath(run.Socket), paneId, CaptureLines).ConfigureAwait(false));
            var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
            var header = lines.FindLastIndex(l => l.StartsWith(HeaderMark, StringComparison.Ordinal) && l.Contains(" · iteration ", StringComparison.Ordinal));
            var body = lines.Skip(header + 1).ToList();
            while (body.Count > 0 && body[^1].Length == 0)
            {
                body.RemoveAt(body.Count - 1);
            }

            return string.Join('\n', body.Skip(Math.Max(0, body.Count - OutputTailLines)));
        }
        catch (Exception e) when (e is TmuxCommandException or TmuxServerUnavailableException or TimeoutException or ExecutableNotFoundException)
        {
            return null;
        }
    }

    private static string OutputMarkdown(int number, string? output)
    {
        if (output is null)
        {
            return $"# Output of iteration {number}\n\n(not captured)\n";
        }

        var fence = "```";
        while (output.Contains(fence, StringComparison.Ordinal))
        {
            fence += "`";
        }

        return $"# Output of iteration {number} (last {OutputTailLines} lines)\n\n{fence}\n{output}\n{fence}\n";
    }

    private static Dictionary<string, string> Env(RunRecord run, LoopFolder cells, int number) => new(StringComparer.Ordinal)
    {
        ["SESSIONTUI_ITERATION"] = number.ToString(CultureInfo.InvariantCulture),
        ["SESSIONTUI_HANDOFF"] = cells.Handoff(number),
        ["SESSIONTUI_PROMPT_FILE"] = cells.Prompt(number),
        ["SESSIONTUI_PRD"] = run.Loop!.Prd,
        ["SESSIONTUI_OUTPUT"] = run.Loop.Output ?? "",
    };

    /// <summary>A pipeline stage's own prompt, read afresh, with <c>{prd}</c>, <c>{iteration}</c>, <c>{run_dir}</c>,
    /// <c>{output}</c> and <c>{inputs}</c> replaced; null for a plain loop.</summary>
    private static string? StagePrompt(LoopStatus loop, RunFolder folder, int number)
    {
        if (loop.StagePrompt is null)
        {
            return null;
        }

        string text;
        try
        {
            text = File.ReadAllText(loop.StagePrompt);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"(the stage's prompt {loop.StagePrompt} cannot be read: {e.Message})";
        }

        return Placeholders.Expand([text], new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["prd"] = loop.Prd,
            ["iteration"] = number.ToString(CultureInfo.InvariantCulture),
            ["run_dir"] = folder.Path,
            ["output"] = loop.Output ?? "",
            ["inputs"] = loop.Inputs ?? "(no inputs)",
        })[0];
    }

    private static string? ReadHandoff(LoopFolder cells, int number)
    {
        try
        {
            var path = cells.Handoff(number);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task<T?> GitOrNull<T>(Func<Task<T>> call)
        where T : class
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception e) when (e is GitException or TimeoutException or ExecutableNotFoundException or OperationCanceledException)
        {
            return null;
        }
    }

    private void Save(LoopFolder cells, IterationRecord iteration)
    {
        cells.Write(iteration);
        _p.Ledger.SaveIteration(iteration);
    }

    private LoopStatus UpdateLoop(RunFolder folder, Func<LoopStatus, LoopStatus> change)
    {
        var (record, _) = _p.Ledger.Update(folder, r => r?.Loop is { } l && !l.IsEnded ? r with { Loop = change(l) } : null);
        return record?.Loop ?? throw new InvalidOperationException($"run {folder.RunId} lost its loop status");
    }

    /// <summary>A session name printed to the terminal: control characters shown as <c>?</c>.</summary>
    private static string Escape(string name) => new([.. name.Select(c => char.IsControl(c) ? '?' : c)]);

    private sealed record Progress(int Number, int NoProgress, int Waits, IterationRecord? Last);
}
