using System.Globalization;
using SessionTui.Workcells.Diagnosing;

namespace SessionTui.Tests.Workcells;

public sealed class ResetTimeParserTests
{
    /// <summary>Saturday 2026-11-28 12:00 UTC: winter time in Europe (UTC+1) and the US (New York UTC-5).</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("You've hit your session limit · resets 4pm (Europe/Berlin)", "UTC", "2026-11-28T15:00:00Z")]
    [InlineData("You've hit your limit · resets 10pm (America/New_York)", "UTC", "2026-11-29T03:00:00Z")]
    [InlineData("resets 3:30am (Europe/Berlin)", "UTC", "2026-11-29T02:30:00Z")]
    [InlineData("5-hour limit reached ∙ resets 9pm", "Europe/Berlin", "2026-11-28T20:00:00Z")]
    [InlineData("resets 11am", "Europe/Berlin", "2026-11-29T10:00:00Z")]
    [InlineData("resets 1pm", "Europe/Berlin", "2026-11-28T12:00:00Z")]
    [InlineData("Your limit will reset at 9am (America/Chicago).", "UTC", "2026-11-28T15:00:00Z")]
    [InlineData("Access resets at 4:30 PM PDT.", "Europe/Berlin", "2026-11-28T23:30:00Z")]
    [InlineData("access resets at 16:00", "UTC", "2026-11-28T16:00:00Z")]
    [InlineData("access resets at 16:00 UTC", "America/New_York", "2026-11-28T16:00:00Z")]
    [InlineData("■ You've hit your usage limit. Try again at 3:51 PM.", "America/New_York", "2026-11-28T20:51:00Z")]
    [InlineData("resets 12am", "UTC", "2026-11-29T00:00:00Z")]
    [InlineData("resets 12:15pm", "UTC", "2026-11-28T12:15:00Z")]
    [InlineData("You've hit your weekly limit · resets Dec 3, 10am", "UTC", "2026-12-03T10:00:00Z")]
    [InlineData("Opus weekly limit reached ∙ resets Oct 31, 9am", "UTC", "2027-10-31T09:00:00Z")]
    [InlineData("or try again at Feb 23rd, 2027 9:01 PM.", "UTC", "2027-02-23T21:01:00Z")]
    [InlineData("try again in 2h 13m", "UTC", "2026-11-28T14:13:00Z")]
    [InlineData("Try again in 4 days 20 hours 9 minutes.", "UTC", "2026-12-03T08:09:00Z")]
    [InlineData("You're out of extra usage · resets in: 3 hours", "UTC", "2026-11-28T15:00:00Z")]
    [InlineData("Claude AI usage limit reached|1760004000", "UTC", "2025-10-09T10:00:00Z")]
    public void Reset_times_are_read_in_every_wording(string text, string zone, string expected)
    {
        // Given a banner, a fixed clock and the user's zone
        // When the reset time is read
        var at = ResetTimeParser.Parse(text, Now, TimeZoneInfo.FindSystemTimeZoneById(zone));

        // Then it is the next such time, UTC
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), at);
        Assert.Equal(TimeSpan.Zero, at!.Value.Offset);
    }

    [Theory]
    [InlineData("You've hit your usage limit. Try again later.")]
    [InlineData("The API provider has rate limited you.")]
    [InlineData("resets 4 times a day")]
    [InlineData("resets 13pm")]
    [InlineData("resets 25:00")]
    [InlineData("resets Feb 30, 9am")]
    [InlineData("Your usage limits will reset when your monthly cycle ends on 11/17/2025.")]
    public void Text_without_a_reset_time_gives_none(string text) =>
        Assert.Null(ResetTimeParser.Parse(text, Now, TimeZoneInfo.Utc));

    [Fact]
    public void A_time_skipped_by_the_spring_forward_moves_an_hour_later()
    {
        // Given 2:30am on the night Berlin's clocks jump from 2:00 to 3:00 (2027-03-28)
        var now = new DateTimeOffset(2027, 3, 27, 22, 0, 0, TimeSpan.Zero);

        // When "resets 2:30am" is read in Berlin
        var at = ResetTimeParser.Parse("resets 2:30am", now, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        // Then it is 3:30 summer time (01:30 UTC)
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), at);
    }

    [Fact]
    public void Summer_time_is_applied_for_a_named_zone()
    {
        var july = new DateTimeOffset(2027, 7, 1, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2027, 7, 1, 14, 0, 0, TimeSpan.Zero), ResetTimeParser.Parse("resets 4pm (Europe/Berlin)", july, TimeZoneInfo.Utc));
    }
}
