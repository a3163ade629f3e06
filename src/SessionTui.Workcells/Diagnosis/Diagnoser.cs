using System.Globalization;
using SessionTui.Core;
using SessionTui.Core.Runs;
using RunDiagnosis = SessionTui.Core.Runs.Diagnosis;

namespace SessionTui.Workcells.Diagnosing;

/// <summary>
/// Names which of the recovery playbook's five failure modes an ended run looks like, with the one-line evidence that
/// decided it and a one-line next step. Pure: no I/O, the clock and zone are inputs.
/// </summary>
/// <remarks>
/// Order: a vanished session (from the state), then an auth failure and a usage limit (from the last screen, see
/// <see cref="ScreenMarkers"/>; when none of those markers is there, the state rules' reading of the screen,
/// <see cref="DiagnosisInput.ScreenVerdict"/>, so a wording added in the user's rule files is diagnosed too), then a dirty repository (a forbidden path changed, or uncommitted changes or untracked
/// files left behind), then partial completion (everything else that failed: the evidence says what was and was not done).
/// Succeeded and no-op runs get none; a killed run gets one only when its screen shows an auth failure or a limit, or it
/// left work behind; runs that have not ended get none.
/// </remarks>
public static class Diagnoser
{
    private const int EvidenceLength = 200;
    private const int PathsShown = 3;

    /// <summary>The diagnosis of an ended run, or null when there is nothing to say (see the class remarks).</summary>
    /// <param name="input">The run's end.</param>
    public static RunDiagnosis? Diagnose(DiagnosisInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var resume = "sessiontui resume " + input.RunId;
        var v = input.Verification;
        switch (input.State)
        {
            case RunState.Vanished:
                return new RunDiagnosis(
                    FailureMode.VanishedSession,
                    "the tmux session disappeared before the agent's exit was recorded (reboot, OOM killer, kill-server or a reaped socket)"
                        + (v is { ChangedAnything: true } ? "; it left " + Work(v) : ""),
                    $"check git -C {Quote(input.Cwd)} status, then {resume}",
                    null);
            case RunState.Failed or RunState.Killed:
                break;
            default:
                return null;
        }

        if (ScreenMarkers.Find(input.LastScreen, MarkerKind.Auth) is { } auth)
        {
            return new RunDiagnosis(FailureMode.AuthFailure, Clip("screen: " + auth.Line), $"{auth.Marker.Fix ?? "log the agent in again"}, then {resume}", null);
        }

        if (ScreenMarkers.Find(input.LastScreen, MarkerKind.Limit) is { } limit)
        {
            var resets = ResetTimeParser.Parse(limit.Block, input.Now, input.TimeZone);
            var wait = limit.Marker.Fix
                ?? (resets is { } r ? "wait until " + Format(r, input.Now) : "wait for the limit to reset (the screen names no time)");
            return new RunDiagnosis(FailureMode.RateLimit, Clip("screen: " + limit.Line), $"{wait}, then {resume}", resets);
        }

        switch (input.ScreenVerdict)
        {
            case { State: AgentState.AuthFailed } rule:
                return new RunDiagnosis(FailureMode.AuthFailure, Clip(RuleEvidence(rule)), $"log the agent in again, then {resume}", null);
            case { State: AgentState.RateLimited } rule:
                var wait = rule.ResetsAt is { } at ? "wait until " + Format(at, input.Now) : "wait for the limit to reset (the screen names no time)";
                return new RunDiagnosis(FailureMode.RateLimit, Clip(RuleEvidence(rule)), $"{wait}, then {resume}", rule.ResetsAt);
        }

        if (input.State == RunState.Killed)
        {
            return v is { ChangedAnything: true }
                ? new RunDiagnosis(FailureMode.PartialCompletion, Clip("killed after " + Work(v)), $"review the work (git -C {Quote(input.Cwd)} log, status), then {resume}", null)
                : null;
        }

        var exit = input.Exit?.ToString() ?? "no exit recorded";
        if (v is { ForbiddenChanges.Count: > 0 })
        {
            return new RunDiagnosis(
                FailureMode.DirtyRepository,
                Clip($"changed {Plural(v.ForbiddenChanges.Count, "forbidden path", "forbidden paths")}: {Paths(v.ForbiddenChanges)} ({exit})"),
                $"revert the changes to forbidden paths (git -C {Quote(input.Cwd)} log, status), then {resume}",
                null);
        }

        if (v is not null && (v.DiffStat.Length > 0 || v.Untracked.Count > 0))
        {
            var left = new List<string>();
            if (v.DiffStat.Length > 0)
            {
                left.Add("uncommitted changes (" + v.DiffStat.Split('\n')[^1].Trim() + ")");
            }

            if (v.Untracked.Count > 0)
            {
                left.Add($"{Plural(v.Untracked.Count, "untracked file", "untracked files")}: {Paths(v.Untracked)}");
            }

            return new RunDiagnosis(
                FailureMode.DirtyRepository,
                Clip($"{exit}, left {string.Join(" and ", left)}"),
                $"commit, stash or discard them (git -C {Quote(input.Cwd)} status), then {resume}",
                null);
        }

        return new RunDiagnosis(FailureMode.PartialCompletion, Clip(PartialEvidence(exit, v)), PartialNextStep(v, resume), null);
    }

    /// <summary>The diagnosis of <paramref name="run"/> ending in <paramref name="state"/>; see <see cref="Diagnose(DiagnosisInput)"/>.</summary>
    /// <param name="state">The run's outcome.</param>
    /// <param name="exit">How the agent ended, null when killed or vanished.</param>
    /// <param name="verification">What verification found, or null.</param>
    /// <param name="lastScreen">The last screen, ANSI stripped, or null.</param>
    /// <param name="run">The run (its id and cwd name the next step).</param>
    /// <param name="now">Now, to resolve a reset time such as <c>4pm</c>.</param>
    /// <param name="zone">The zone of a reset time that names none (the user's).</param>
    /// <param name="screenVerdict">The state rules' reading of <paramref name="lastScreen"/>, or null.</param>
    public static RunDiagnosis? Diagnose(
        RunState state, RunExit? exit, Verification? verification, string? lastScreen, RunRecord run, DateTimeOffset now, TimeZoneInfo zone, StateVerdict? screenVerdict = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Diagnose(new DiagnosisInput(state, exit, verification, lastScreen, run.RunId, run.Cwd, now, zone) { ScreenVerdict = screenVerdict });
    }

    /// <summary><c>screen: LINE (rule claude.auth.x, my-agent.json)</c>.</summary>
    private static string RuleEvidence(StateVerdict rule) =>
        "screen: " + (rule.Lines.Count > 0 ? rule.Lines[0].Trim() : "(title)") + " (rule " + rule.Rule + ", " + rule.Source + ")";

    private static string PartialEvidence(string exit, Verification? v)
    {
        if (v is null)
        {
            return exit + ", not verified";
        }

        var work = v.Commits.Count == 0
            ? "with nothing committed"
            : $"after {Plural(v.Commits.Count, "commit", "commits")} (last: {v.Commits[^1].Subject})";
        var verify = v.VerifyPassed switch
        {
            true => ", verify passed",
            false when v.VerifyExit == Verifying.VerifyRunner.TimedOutExitCode => ", but verify timed out",
            false when v.VerifyExit is null => ", but verify did not run",
            false => $", but verify failed (exit {v.VerifyExit?.ToString(CultureInfo.InvariantCulture)})" + LastLine(v.VerifyTail),
            null => "",
        };
        return exit + " " + work + verify + (v.Error is { } error ? "; " + error : "");
    }

    private static string PartialNextStep(Verification? v, string resume) => v?.VerifyPassed == false
        ? $"read the verify output (verify.log in the run folder), then {resume}"
        : $"read the handoff and agent.log, then {resume}";

    private static string LastLine(string? tail) =>
        tail?.Split('\n').LastOrDefault(l => l.Trim().Length > 0)?.Trim() is { } line ? ": " + line : "";

    private static string Work(Verification v)
    {
        var parts = new List<string>();
        if (v.Commits.Count > 0)
        {
            parts.Add(Plural(v.Commits.Count, "commit", "commits"));
        }

        if (v.DiffStat.Length > 0 || v.Untracked.Count > 0)
        {
            parts.Add("uncommitted changes");
        }

        return string.Join(" and ", parts);
    }

    private static string Paths(IReadOnlyList<string> paths) =>
        string.Join(", ", paths.Take(PathsShown)) + (paths.Count > PathsShown ? $" (+{(paths.Count - PathsShown).ToString(CultureInfo.InvariantCulture)} more)" : "");

    private static string Plural(int n, string one, string many) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);

    /// <summary><c>16:00 UTC</c> on now's UTC day, else <c>2026-11-29 00:30 UTC</c>.</summary>
    private static string Format(DateTimeOffset at, DateTimeOffset now)
    {
        var utc = at.UtcDateTime;
        return utc.ToString(utc.Date == now.UtcDateTime.Date ? "HH:mm" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
    }

    /// <summary>The path as one sh word: as is when it has only safe characters, else single-quoted.</summary>
    private static string Quote(string path) =>
        path.Length > 0 && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '_' or '-' or '+' or ',' or ':' or '@')
            ? path
            : Shell.Quote(path);

    private static string Clip(string line)
    {
        var one = line.ReplaceLineEndings(" ");
        return one.Length <= EvidenceLength ? one : one[..(EvidenceLength - 1)] + "…";
    }
}

/// <summary>What the diagnosis of an ended run reads.</summary>
/// <param name="State">The run's final state (<see cref="RunState.Failed"/>, <see cref="RunState.Vanished"/>, ...).</param>
/// <param name="Exit">How the agent ended, null when killed or vanished.</param>
/// <param name="Verification">What verification found, or null when none was made.</param>
/// <param name="LastScreen">The pane's last screen, plain text (ANSI stripped), or null when none was captured.</param>
/// <param name="RunId">The run's id, for the next step's <c>sessiontui resume RUN</c>.</param>
/// <param name="Cwd">The run's working directory, for the next step's git commands.</param>
/// <param name="Now">Now; a reset time such as <c>4pm</c> is the next one after it.</param>
/// <param name="TimeZone">The zone of a reset time that names none (the user's; the agents print local times).</param>
public sealed record DiagnosisInput(
    RunState State, RunExit? Exit, Verification? Verification, string? LastScreen, string RunId, string Cwd, DateTimeOffset Now, TimeZoneInfo TimeZone)
{
    /// <summary>The state rules' reading of <see cref="LastScreen"/> (<see cref="IStateClassifier.ReadScreen"/>: the built-in
    /// rule files and the user's), or null; an auth-failed or rate-limited verdict is the diagnosis when the built-in
    /// <see cref="ScreenMarkers"/> find nothing.</summary>
    public StateVerdict? ScreenVerdict { get; init; }
}
