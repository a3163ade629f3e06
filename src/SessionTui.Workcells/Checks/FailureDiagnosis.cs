using System.Globalization;
using System.Text.RegularExpressions;
using SessionTui.Core.Runs;

namespace SessionTui.Workcells.Checks;

/// <summary>
/// Names which of the five failure modes of the recovery playbook an ended run looks like, from its outcome, exit,
/// verification and last screen, with the next step. Screen markers come from <c>../shared/agent-states/markers.md</c>
/// (Claude Code, Codex CLI, Aider, Gemini CLI, Cursor): only the last 15 non-blank lines are read, continuation lines are
/// joined, and lines that quote tool output or typed input (starting <c>│ &gt; ❯</c>, or a <c>⎿</c> tool result for auth
/// markers) do not count, so an agent writing about rate limits does not flip the diagnosis.
/// </summary>
public static partial class FailureDiagnosis
{
    private const int TailLines = 15;

    /// <summary>The diagnosis, or null for a run that succeeded, was a no-op, or was killed with nothing to say.</summary>
    /// <param name="outcome">The run's state at the end.</param>
    /// <param name="exit">How the agent ended, null when killed or vanished.</param>
    /// <param name="verification">What verification found, or null.</param>
    /// <param name="lastScreen">The last screen, ANSI stripped, or null.</param>
    /// <param name="run">The run (id, name and cwd for the next step).</param>
    /// <param name="now">Now, UTC, to resolve a reset time such as <c>4pm</c>.</param>
    /// <param name="zone">The zone of a reset time that names none.</param>
    public static Diagnosis? Diagnose(RunState outcome, RunExit? exit, Verification? verification, string? lastScreen, RunRecord run, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(run);
        var again = "sessiontui resume " + run.RunId;
        if (outcome == RunState.Vanished)
        {
            return new Diagnosis(FailureMode.VanishedSession, "its tmux server went away (reboot, OOM killer, kill-server or a reaped socket)",
                $"check `git -C '{run.Cwd}' status`, then {again}", null);
        }

        if (outcome is not (RunState.Failed or RunState.Killed))
        {
            return null;
        }

        var tail = Tail(lastScreen);
        if (tail.FirstOrDefault(l => !IsQuoted(l, auth: true) && AuthMarker().IsMatch(l)) is { } auth)
        {
            return new Diagnosis(FailureMode.AuthFailure, Clip(auth), $"log the agent in again (claude /login, codex login, gemini /auth), then {again}", null);
        }

        if (tail.FirstOrDefault(l => !IsQuoted(l, auth: false) && LimitMarker().IsMatch(l)) is { } limit)
        {
            var reset = ResetTime(string.Join(' ', tail.SkipWhile(l => l != limit)), now, zone);
            return new Diagnosis(FailureMode.RateLimit, Clip(limit),
                reset is { } r ? $"wait until {r.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, then {again}" : $"wait for the limit to reset (or switch accounts), then {again}",
                reset);
        }

        if (outcome == RunState.Killed)
        {
            return verification is { ChangedAnything: true }
                ? new Diagnosis(FailureMode.PartialCompletion, $"killed after {Work(verification)}", $"read the handoff and the diff, then {again}", null)
                : null;
        }

        if (verification is { } v && (v.ForbiddenChanges.Count > 0 || v.DiffStat.Length > 0 || v.Untracked.Count > 0))
        {
            var what = v.ForbiddenChanges.Count > 0
                ? "changed forbidden paths: " + string.Join(", ", v.ForbiddenChanges.Take(5))
                : "left uncommitted changes" + (v.Untracked.Count > 0 ? " and " + v.Untracked.Count.ToString(CultureInfo.InvariantCulture) + " untracked files" : "");
            return new Diagnosis(FailureMode.DirtyRepository, what + (exit is { } x ? " (" + x + ")" : ""),
                $"review `git -C '{run.Cwd}' status` and `git diff`; commit, stash or revert, then {again}", null);
        }

        var evidence = (exit is { } e ? e.ToString() : "ended") +
            (verification is { VerifyPassed: false } f ? ", verify failed (exit " + f.VerifyExit?.ToString(CultureInfo.InvariantCulture) + ")" : "") +
            ", " + (verification is null ? "nothing verified" : Work(verification));
        return new Diagnosis(FailureMode.PartialCompletion, evidence, $"read the handoff, agent.log and the verify output, then {again}", null);
    }

    /// <summary>The reset time a limit banner names, UTC: <c>resets 4pm (Europe/Berlin)</c>, <c>resets 3:30am</c>,
    /// <c>Access resets at 4:30 PM PDT</c>, <c>try again at 3:51 PM</c>, <c>try again in 2 hours 13 minutes</c>,
    /// <c>resets in: 3 hours</c>, <c>usage limit reached|1760004000</c>; null when none is named.</summary>
    public static DateTimeOffset? ResetTime(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);
        if (EpochReset().Match(text) is { Success: true } epoch)
        {
            return DateTimeOffset.FromUnixTimeSeconds(long.Parse(epoch.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        if (RelativeReset().Match(text) is { Success: true } rel)
        {
            var span = TimeSpan.Zero;
            foreach (Match part in DurationPart().Matches(rel.Groups[1].Value))
            {
                var n = int.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
                span += char.ToLowerInvariant(part.Groups[2].Value[0]) switch
                {
                    'd' => TimeSpan.FromDays(n),
                    'h' => TimeSpan.FromHours(n),
                    _ => TimeSpan.FromMinutes(n),
                };
            }

            return span > TimeSpan.Zero ? now + span : null;
        }

        if (ClockReset().Match(text) is not { Success: true } clock)
        {
            return null;
        }

        var hour = int.Parse(clock.Groups[1].Value, CultureInfo.InvariantCulture);
        var minute = clock.Groups[2].Success ? int.Parse(clock.Groups[2].Value, CultureInfo.InvariantCulture) : 0;
        var meridiem = clock.Groups[3].Value.ToLowerInvariant();
        if (meridiem.StartsWith('p') && hour < 12)
        {
            hour += 12;
        }
        else if (meridiem.StartsWith('a') && hour == 12)
        {
            hour = 0;
        }

        if (hour > 23 || minute > 59)
        {
            return null;
        }

        var tz = ZoneOf(clock.Groups[4].Value) ?? zone;
        var local = TimeZoneInfo.ConvertTime(now, tz);
        var candidate = new DateTime(local.Year, local.Month, local.Day, hour, minute, 0, DateTimeKind.Unspecified);
        var at = new DateTimeOffset(candidate, tz.GetUtcOffset(candidate));
        return (at <= now ? at.AddDays(1) : at).ToUniversalTime();
    }

    private static TimeZoneInfo? ZoneOf(string name)
    {
        if (name.Length == 0)
        {
            return null;
        }

        var iana = name.ToUpperInvariant() switch
        {
            "UTC" or "GMT" => "Etc/UTC",
            "PST" or "PDT" => "America/Los_Angeles",
            "MST" or "MDT" => "America/Denver",
            "CST" or "CDT" => "America/Chicago",
            "EST" or "EDT" => "America/New_York",
            "CET" or "CEST" => "Europe/Berlin",
            _ => name,
        };
        return TimeZoneInfo.TryFindSystemTimeZoneById(iana, out var tz) ? tz : null;
    }

    /// <summary>The last non-blank lines, with box borders removed and wrapped continuation lines joined to the line
    /// before (a line starting with lowercase text or "at").</summary>
    private static List<string> Tail(string? screen)
    {
        var lines = (screen ?? "").ReplaceLineEndings("\n").Split('\n')
            .Select(l => l.Trim().Trim('│', '┃', '║').Trim())
            .Where(l => l.Length > 0)
            .ToList();
        var joined = new List<string>();
        foreach (var line in lines.Skip(Math.Max(0, lines.Count - TailLines)))
        {
            if (joined.Count > 0 && Continuation().IsMatch(line))
            {
                joined[^1] += " " + line;
            }
            else
            {
                joined.Add(line);
            }
        }

        return joined;
    }

    private static bool IsQuoted(string line, bool auth) =>
        line.StartsWith('>') || line.StartsWith('❯') || (auth && line.StartsWith('⎿'));

    private static string Work(Verification v) => v.Commits.Count == 0 && !v.ChangedAnything
        ? "nothing committed or changed"
        : v.Commits.Count.ToString(CultureInfo.InvariantCulture) + (v.Commits.Count == 1 ? " commit" : " commits") + (v.DiffStat.Length > 0 || v.Untracked.Count > 0 ? " and uncommitted changes" : "");

    private static string Clip(string line) => line.Length <= 160 ? line : line[..157] + "...";

    [GeneratedRegex(@"API Error:? \(?401|Please run /login|authentication_error|Invalid authentication credentials|OAuth token (has expired|revoked)|Invalid API key|Missing API key|Failed to authenticate|refresh token (was already used|has expired|was revoked)|401 Unauthorized|AuthenticationError|not able to authenticate you|\[unauthenticated\] Not logged in|Failed to sign in", RegexOptions.IgnoreCase)]
    private static partial Regex AuthMarker();

    /// <summary>Limit banners, anchored at the start of a line after its leading symbol (<c>⎿ ⚠ ■ ● ⏺</c>), as the
    /// markers' sources advise: a marker quoted mid-line (a diff, a grep hit, prose) does not match.</summary>
    [GeneratedRegex(@"^[\s⎿⚠■✕●•⏺]*(?:error:\s*)?(?:(?:claude\s+(?:ai\s+)?)?usage\s+limit\s+reached|you['’]ve\s+hit\s+your\s+(?:\w+\s+){0,3}limit\b|(?:you['’]re\s+)?out\s+of\s+(?:extra\s+)?usage\b|(?:\w+\s+){0,2}(?:\d+-hour|weekly|session|daily)\s+limit\s+reached|(?:your\s+)?(?:weekly|session|usage)\s+limit\s+will\s+reset|\[?api\s+error.*resource_exhausted|you\s+have\s+exhausted\s+your\s+daily\s+quota|the\s+api\s+provider\s+has\s+rate\s+limited\s+you|your\s+workspace\s+is\s+out\s+of\s+credits|you\s+hit\s+your\s+spend\s+cap|out\s+of\s+free\s+credits)", RegexOptions.IgnoreCase)]
    private static partial Regex LimitMarker();

    [GeneratedRegex(@"limit reached\|(\d{9,11})", RegexOptions.IgnoreCase)]
    private static partial Regex EpochReset();

    [GeneratedRegex(@"(?:resets?\s+in:?|try\s+again\s+in)\s+((?:\d+\s*(?:days?|d|hours?|hrs?|h|minutes?|mins?|m)\b[\s,]*)+)", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeReset();

    [GeneratedRegex(@"(\d+)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DurationPart();

    [GeneratedRegex(@"(?:resets?(?:\s+at)?|try\s+again\s+at|reset\s+at)\s+(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?\s*(?:\(?([A-Za-z_]+/[A-Za-z_/+-]+|[A-Z]{3,4})\)?)?", RegexOptions.IgnoreCase)]
    private static partial Regex ClockReset();

    [GeneratedRegex(@"^(?:at\s+\d|[a-z(])")]
    private static partial Regex Continuation();
}
