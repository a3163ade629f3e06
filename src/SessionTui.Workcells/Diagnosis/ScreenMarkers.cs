using System.Text.RegularExpressions;

namespace SessionTui.Workcells.Diagnosing;

/// <summary>What a screen marker says about an agent.</summary>
public enum MarkerKind
{
    /// <summary>The agent could not log in.</summary>
    Auth,

    /// <summary>A usage or rate limit stopped the agent.</summary>
    Limit,
}

/// <summary>One banner an agent prints when it stops for a reason the user must fix.</summary>
/// <param name="Agent">The agent (<c>claude</c>, <c>codex</c>, <c>aider</c>, <c>gemini</c>, <c>opencode</c>, <c>cursor</c>), or
/// several, comma-separated, for a wording they share.</param>
/// <param name="Kind">What it means.</param>
/// <param name="Text">The banner's start, a .NET regex (case-insensitive), matched right after a line's leading glyphs.</param>
/// <param name="Fix">What the user does about it, for the next step: <c>log in again (codex login)</c>; null when the
/// generic step fits.</param>
public sealed record ScreenMarker(string Agent, MarkerKind Kind, string Text, string? Fix);

/// <summary>A marker found on a screen.</summary>
/// <param name="Marker">The marker.</param>
/// <param name="Line">The screen line it starts on, without leading glyphs, box borders and surrounding space.</param>
/// <param name="Block">That line and the lines under it up to the next blank one (at most five), joined with spaces: where a
/// wrapped banner's reset time is.</param>
public sealed record ScreenMatch(ScreenMarker Marker, string Line, string Block);

/// <summary>
/// The auth and limit banners of Claude Code, Codex CLI, Aider, Gemini CLI, opencode and Cursor, from
/// <c>../shared/agent-states/markers.md</c> (sections 1-6, auth_failed and rate_limited rows), and the scan that finds them
/// on a last screen without being fooled by quoted markers.
/// </summary>
/// <remarks>
/// The scan follows markers.md section 9: only the last <see cref="TailLines"/> non-blank lines count; a marker must start
/// its line, after the agent's own leading glyphs (<c>⏺ ● ■ ⚠ ✕ • │ ┃</c>, and <c>⎿</c> for limit banners, which Claude
/// prints as a tool-result line) and an optional <c>Error:</c>; lines the user typed (<c>&gt; ❯ ›</c>), diff lines, code
/// fences, and the indented lines under a <c>⎿</c> tool result (its output: grep hits, file contents) never count. A
/// marker is matched against its line joined with the indented continuation lines under it, so a wrapped banner matches.
/// Auth markers of Claude's <c>API Error: 401</c> need the error's JSON or <c>· Please run /login</c> on the banner, so prose
/// that starts with the words does not count.
/// </remarks>
public static partial class ScreenMarkers
{
    /// <summary>How many non-blank lines at the bottom of the screen are read.</summary>
    public const int TailLines = 15;

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    private const string Box = "│┃║";
    private const string AuthLead = @"^[\s⏺●■⚠✕✗×•✦│┃║]*(?:error:\s*)?(?:";
    private const string LimitLead = @"^[\s⏺●⎿■⚠✕✗×•✦│┃║]*(?:error:\s*)?(?:";
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Every marker, auth ones first. Wordings and sources: markers.md.</summary>
    public static IReadOnlyList<ScreenMarker> All { get; } =
    [
        new("claude", MarkerKind.Auth, @"API\s+Error:?\s*\(?401\b.*(?:\{""type"":""error""|authentication_error|[·∙•]\s*please\s+run\s+/login)", "log in again (run claude, then /login)"),
        new("claude", MarkerKind.Auth, @"(?:invalid|missing)\s+API\s+key\s*[·∙•]\s*(?:please\s+)?run\s+/login", "log in again (run claude, then /login)"),
        new("claude", MarkerKind.Auth, @"OAuth\s+token\s+(?:has\s+expired|revoked)\b", "log in again (run claude, then /login)"),
        new("claude", MarkerKind.Auth, @"Failed\s+to\s+authenticate\.\s+API\s+Error:?\s*401\b", "log in again (run claude, then /login)"),
        new("codex", MarkerKind.Auth, @"Your\s+access\s+token\s+could\s+not\s+be\s+refreshed", "log in again (codex logout, then codex login)"),
        new("codex", MarkerKind.Auth, @"unexpected\s+status\s+401\b", "log in again (codex login)"),
        new("aider", MarkerKind.Auth, @"litellm\.AuthenticationError\b", "check the provider's API key (environment or .aider.conf.yml)"),
        new("aider", MarkerKind.Auth, @"The\s+API\s+provider\s+is\s+not\s+able\s+to\s+authenticate\s+you", "check the provider's API key (environment or .aider.conf.yml)"),
        new("aider", MarkerKind.Auth, @"Permission\s+was\s+denied\.\s+Check\s+your\s+API\s+key", "check the provider's API key and permissions"),
        new("gemini", MarkerKind.Auth, @"Failed\s+to\s+(?:sign\s+in\.\s+Message:|authenticate:)", "log in again (run gemini, then /auth)"),
        new("gemini", MarkerKind.Auth, @"Waiting\s+for\s+authentication\.\.\.", "log in again (run gemini, then /auth)"),
        new("opencode", MarkerKind.Auth, @"(?:\w*Error:\s*)?(?:Incorrect\s+API\s+key\s+provided|ProviderAuthError\b)", "log in again (opencode auth login)"),
        new("cursor", MarkerKind.Auth, @"\[unauthenticated\]\s+Not\s+logged\s+in", "log in again (cursor-agent login)"),
        new("claude", MarkerKind.Limit, @"Claude(?:\s+AI)?\s+usage\s+limit\s+reached\b", null),
        new("claude, codex, cursor", MarkerKind.Limit, @"you['’]ve\s+hit\s+your\s+(?:[\w-]+\s+){0,3}limit\b", null),
        new("claude", MarkerKind.Limit, @"(?:you['’]re\s+)?out\s+of\s+(?:extra\s+)?usage\b", null),
        new("claude", MarkerKind.Limit, @"(?:[\w-]+\s+){1,2}limit\s+reached\s*[∙·•]\s*resets\b", null),
        new("codex", MarkerKind.Limit, @"Your\s+workspace\s+is\s+out\s+of\s+credits\b", "add credits to the workspace"),
        new("codex", MarkerKind.Limit, @"You\s+hit\s+your\s+spend\s+cap\b", "raise the workspace's spend cap"),
        new("aider", MarkerKind.Limit, @"litellm\.RateLimitError\b", null),
        new("aider", MarkerKind.Limit, @"The\s+API\s+provider\s+has\s+rate\s+limited\s+you\b", null),
        new("gemini", MarkerKind.Limit, @"Usage\s+limit\s+reached\s+for\b", null),
        new("gemini", MarkerKind.Limit, @"You\s+have\s+exhausted\s+your\s+daily\s+quota\b", null),
        new("gemini", MarkerKind.Limit, @"\[API\s+Error:.*RESOURCE_EXHAUSTED", null),
        new("opencode", MarkerKind.Limit, @"(?:\w*Error:\s*)?(?:rate\s+limit\s+(?:exceeded|reached)|Insufficient\s+credits)\b", null),
    ];

    private static readonly (ScreenMarker Marker, Regex Regex)[] Compiled =
        [.. All.Select(m => (m, new Regex((m.Kind == MarkerKind.Auth ? AuthLead : LimitLead) + m.Text + ")", Options, MatchTimeout)))];

    /// <summary>The lowest marker of <paramref name="kind"/> on <paramref name="screen"/> (the newest one), or null.</summary>
    /// <param name="screen">The last screen, plain text (ANSI stripped), lines separated by <c>\n</c>; null for none.</param>
    /// <param name="kind">Which markers to look for.</param>
    public static ScreenMatch? Find(string? screen, MarkerKind kind)
    {
        if (string.IsNullOrEmpty(screen))
        {
            return null;
        }

        var lines = screen.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd().TrimEnd(Box.ToCharArray()).TrimEnd()).ToArray();
        var counts = Countable(lines);
        var nonBlank = 0;
        for (var i = lines.Length - 1; i >= 0 && nonBlank < TailLines; i--)
        {
            if (lines[i].Trim(Box.ToCharArray()).Trim().Length == 0)
            {
                continue;
            }

            nonBlank++;
            if (!counts[i])
            {
                continue;
            }

            var joined = Joined(lines, i);
            foreach (var (marker, regex) in Compiled)
            {
                if (marker.Kind == kind && regex.IsMatch(joined))
                {
                    return new ScreenMatch(marker, Bare(lines[i]), Block(lines, i));
                }
            }
        }

        return null;
    }

    /// <summary>Which lines may carry a marker: not in a code fence, not under a tool result, not typed, not a diff line.</summary>
    private static bool[] Countable(string[] lines)
    {
        var counts = new bool[lines.Length];
        var fence = false;
        var toolOutput = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var bare = line.TrimStart();
            if (bare.StartsWith("```", StringComparison.Ordinal))
            {
                fence = !fence;
                continue;
            }

            if (bare.Length == 0 || !char.IsWhiteSpace(line[0]))
            {
                toolOutput = false;
            }

            if (bare.StartsWith('⎿'))
            {
                counts[i] = !fence;
                toolOutput = true;
                continue;
            }

            counts[i] = !fence && !toolOutput && bare.Length > 0 && !IsTyped(bare) && !IsDiff(bare);
        }

        return counts;
    }

    private static bool IsTyped(string bare) => bare.TrimStart(Box.ToCharArray()).TrimStart() is var b && (b.StartsWith('>') || b.StartsWith('❯') || b.StartsWith('›'));

    /// <summary>A diff line: <c>+</c>/<c>-</c>/<c>@@</c> first, or a line number and then <c>+</c>/<c>-</c> (Claude's edit view).</summary>
    private static bool IsDiff(string bare) =>
        bare.StartsWith("@@", StringComparison.Ordinal) || bare[0] is '+' or '-' || DiffLine().IsMatch(bare);

    /// <summary>The line with the indented, glyph-less lines under it (a wrapped banner), joined with spaces.</summary>
    private static string Joined(string[] lines, int i)
    {
        var parts = new List<string> { lines[i] };
        for (var j = i + 1; j < lines.Length && parts.Count < 4; j++)
        {
            var bare = lines[j].Trim();
            if (bare.Length == 0 || !char.IsWhiteSpace(lines[j][0]) || Glyph().IsMatch(bare))
            {
                break;
            }

            parts.Add(bare);
        }

        return string.Join(' ', parts);
    }

    /// <summary>The line and the ones under it up to a blank line (box borders removed), at most five, joined.</summary>
    private static string Block(string[] lines, int i)
    {
        var parts = new List<string>();
        for (var j = i; j < lines.Length && parts.Count < 5; j++)
        {
            var bare = Bare(lines[j]);
            if (bare.Length == 0)
            {
                break;
            }

            parts.Add(bare);
        }

        return string.Join(' ', parts);
    }

    private static string Bare(string line) => LeadingGlyphs().Replace(line, "").Trim();

    [GeneratedRegex(@"^\d+\s*[+-]")]
    private static partial Regex DiffLine();

    [GeneratedRegex(@"^[⏺●⎿■⚠✕✗×•✦│┃║❯›>✻✶✳✢✽]")]
    private static partial Regex Glyph();

    [GeneratedRegex(@"^[\s⏺●⎿■⚠✕✗×•✦│┃║]+")]
    private static partial Regex LeadingGlyphs();
}
