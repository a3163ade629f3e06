using System.Globalization;

namespace SessionTui.Core;

/// <summary>Durations as the CLI and the config file write them: a whole number and one unit, <c>30s</c>, <c>30m</c>,
/// <c>2h</c>, <c>1d</c> (also <c>500ms</c>). No sign, no fractions, no combined units.</summary>
public static class Durations
{
    /// <summary>Parses <paramref name="text"/>; see <see cref="Durations"/>.</summary>
    /// <param name="text">The text, e.g. <c>2h</c>.</param>
    /// <param name="duration">The duration, or zero when the text is not one.</param>
    /// <returns>Whether the text is a duration.</returns>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var digits = 0;
        while (digits < text.Length && text[digits] is >= '0' and <= '9')
        {
            digits++;
        }

        if (digits == 0 || digits > 9 || !long.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }

        TimeSpan? unit = text[digits..] switch
        {
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            "d" => TimeSpan.FromDays(1),
            _ => null,
        };
        if (unit is not { } u)
        {
            return false;
        }

        duration = u * n;
        return true;
    }

    /// <summary>Parses <paramref name="text"/>, or throws.</summary>
    /// <exception cref="FormatException">The text is not a duration; the message names it and the accepted forms.</exception>
    public static TimeSpan Parse(string text) => TryParse(text, out var d)
        ? d
        : throw new FormatException($"'{text}' is not a duration: write a whole number and a unit, e.g. 500ms, 30s, 30m, 2h, 1d");

    /// <summary>The shortest exact text of <paramref name="duration"/> in one unit: <c>90s</c>, <c>2h</c>, <c>1d</c>.</summary>
    public static string Text(TimeSpan duration)
    {
        var ms = (long)duration.TotalMilliseconds;
        return ms switch
        {
            _ when ms % 86_400_000 == 0 && ms > 0 => (ms / 86_400_000).ToString(CultureInfo.InvariantCulture) + "d",
            _ when ms % 3_600_000 == 0 && ms > 0 => (ms / 3_600_000).ToString(CultureInfo.InvariantCulture) + "h",
            _ when ms % 60_000 == 0 && ms > 0 => (ms / 60_000).ToString(CultureInfo.InvariantCulture) + "m",
            _ when ms % 1000 == 0 => (ms / 1000).ToString(CultureInfo.InvariantCulture) + "s",
            _ => ms.ToString(CultureInfo.InvariantCulture) + "ms",
        };
    }
}
