using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionTui.Workcells.Diagnosing;

/// <summary>
/// Reads the time a usage limit resets from a limit banner's text, in the wordings of
/// <c>../shared/agent-states/markers.md</c>: <c>resets 4pm (Europe/Berlin)</c>, <c>resets 3:30am</c>, <c>resets Oct 31, 9am</c>,
/// <c>Your limit will reset at 9am (America/Chicago)</c>, <c>Access resets at 4:30 PM PDT</c>, <c>access resets at 16:00</c>,
/// <c>try again at 3:51 PM</c>, <c>try again at Feb 23rd, 2027 9:01 PM</c>, <c>try again in 2h 13m</c>,
/// <c>Try again in 4 days 20 hours 9 minutes</c>, <c>resets in: 3 hours</c>, and Claude's raw
/// <c>usage limit reached|1760004000</c> (Unix seconds).
/// </summary>
/// <remarks>A clock time is read in the zone the banner names (an IANA id in parentheses, or a common abbreviation such as
/// <c>PDT</c> or <c>UTC</c> taken as its fixed offset), else in the given zone (the user's, which the agents print in). Without
/// a date it is the next such time at or after now; with a date but no year, that date this year, or next year when it
/// has passed by more than a day. A local time skipped by a daylight-saving change moves one hour later.</remarks>
public static partial class ResetTimeParser
{
    private static readonly Dictionary<string, TimeSpan> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["UTC"] = TimeSpan.Zero,
        ["GMT"] = TimeSpan.Zero,
        ["HST"] = TimeSpan.FromHours(-10),
        ["AKST"] = TimeSpan.FromHours(-9),
        ["AKDT"] = TimeSpan.FromHours(-8),
        ["PST"] = TimeSpan.FromHours(-8),
        ["PDT"] = TimeSpan.FromHours(-7),
        ["MST"] = TimeSpan.FromHours(-7),
        ["MDT"] = TimeSpan.FromHours(-6),
        ["CST"] = TimeSpan.FromHours(-6),
        ["CDT"] = TimeSpan.FromHours(-5),
        ["EST"] = TimeSpan.FromHours(-5),
        ["EDT"] = TimeSpan.FromHours(-4),
        ["BST"] = TimeSpan.FromHours(1),
        ["CET"] = TimeSpan.FromHours(1),
        ["CEST"] = TimeSpan.FromHours(2),
        ["EET"] = TimeSpan.FromHours(2),
        ["EEST"] = TimeSpan.FromHours(3),
        ["JST"] = TimeSpan.FromHours(9),
        ["AEST"] = TimeSpan.FromHours(10),
        ["AEDT"] = TimeSpan.FromHours(11),
    };

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>The reset time <paramref name="text"/> names, UTC, or null when it names none (or an impossible one).</summary>
    /// <param name="text">A limit banner, continuation lines joined with spaces.</param>
    /// <param name="now">Now; relative times count from it and clock times are the next one after it.</param>
    /// <param name="zone">The zone of a clock time that names none (the user's local zone).</param>
    public static DateTimeOffset? Parse(string text, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(zone);
        if (Epoch().Match(text) is { Success: true } epoch
            && long.TryParse(epoch.Groups["s"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        if (Relative().Match(text) is { Success: true } relative)
        {
            var span = TimeSpan.Zero;
            foreach (Match part in DurationPart().Matches(relative.Groups["d"].Value))
            {
                var n = int.Parse(part.Groups["n"].Value, CultureInfo.InvariantCulture);
                span += char.ToLowerInvariant(part.Groups["u"].Value[0]) switch
                {
                    'd' => TimeSpan.FromDays(n),
                    'h' => TimeSpan.FromHours(n),
                    'm' => TimeSpan.FromMinutes(n),
                    _ => TimeSpan.FromSeconds(n),
                };
            }

            return span > TimeSpan.Zero ? (now + span).ToUniversalTime() : null;
        }

        return Clock().Match(text) is { Success: true } clock ? FromClock(clock, now, zone) : null;
    }

    private static DateTimeOffset? FromClock(Match clock, DateTimeOffset now, TimeZoneInfo defaultZone)
    {
        var hour = int.Parse(clock.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = clock.Groups["min"].Success ? int.Parse(clock.Groups["min"].Value, CultureInfo.InvariantCulture) : 0;
        if (clock.Groups["ap"].Success)
        {
            if (hour is < 1 or > 12)
            {
                return null;
            }

            var pm = char.ToLowerInvariant(clock.Groups["ap"].Value[0]) == 'p';
            hour = hour % 12 + (pm ? 12 : 0);
        }

        if (hour > 23 || minute > 59)
        {
            return null;
        }

        var zone = ZoneOf(clock, defaultZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var time = new TimeSpan(hour, minute, 0);
        if (!clock.Groups["mon"].Success)
        {
            var today = ToUtc(local.Date + time, zone);
            return today >= now ? today : ToUtc(local.Date.AddDays(1) + time, zone);
        }

        var month = Array.IndexOf(Months, clock.Groups["mon"].Value[..3].ToLowerInvariant()) + 1;
        var day = int.Parse(clock.Groups["day"].Value, CultureInfo.InvariantCulture);
        var year = clock.Groups["year"].Success ? int.Parse(clock.Groups["year"].Value, CultureInfo.InvariantCulture) : local.Year;
        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        var at = ToUtc(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified) + time, zone);
        return !clock.Groups["year"].Success && at < now.AddDays(-1) && day <= DateTime.DaysInMonth(year + 1, month)
            ? ToUtc(new DateTime(year + 1, month, day, 0, 0, 0, DateTimeKind.Unspecified) + time, zone)
            : at;
    }

    private static TimeZoneInfo ZoneOf(Match clock, TimeZoneInfo defaultZone)
    {
        if (clock.Groups["tz"].Success)
        {
            var name = clock.Groups["tz"].Value;
            if (Abbreviations.TryGetValue(name, out var fixedOffset))
            {
                return TimeZoneInfo.CreateCustomTimeZone(name, fixedOffset, name, name);
            }

            return TimeZoneInfo.TryFindSystemTimeZoneById(name, out var named) ? named : defaultZone;
        }

        return clock.Groups["abbr"].Success && Abbreviations.TryGetValue(clock.Groups["abbr"].Value, out var offset)
            ? TimeZoneInfo.CreateCustomTimeZone(clock.Groups["abbr"].Value, offset, clock.Groups["abbr"].Value, clock.Groups["abbr"].Value)
            : defaultZone;
    }

    private static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }

    [GeneratedRegex(@"limit\s+reached\|(?<s>\d{9,11})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Epoch();

    [GeneratedRegex(
        @"\b(?:resets?|try\s+again)\s+in:?\s+(?<d>(?:\d+\s*(?:days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b[\s,]*(?:and\s+)?)+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"(?<n>\d+)\s*(?<u>days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPart();

    /// <summary>A clock time (<c>4pm</c>, <c>3:30am</c>, <c>16:00</c>: a bare hour is not one) after "reset(s) (at|on)" or
    /// "try again at", with an optional month-day(-year) date before it and an optional zone after it: an IANA id or
    /// abbreviation in parentheses, or an upper-case abbreviation.</summary>
    [GeneratedRegex(
        @"\b(?:resets?|try\s+again)\s+(?:at\s+|on\s+)?" +
        @"(?:(?<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(?<year>\d{4}),?\s+)?(?:at\s+)?)?" +
        @"(?<h>\d{1,2})(?::(?<min>\d{2})(?:\s*(?<ap>[ap])\.?m\.?)?|\s*(?<ap>[ap])\.?m\.?)(?![\w:])" +
        @"(?:\s*\((?<tz>[A-Za-z_]+(?:/[A-Za-z0-9_+-]+)*)\)|\s+(?<abbr>(?-i:[A-Z]{2,4}))\b)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Clock();
}
