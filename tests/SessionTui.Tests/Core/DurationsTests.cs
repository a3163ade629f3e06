using SessionTui.Core;

namespace SessionTui.Tests.Core;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("30m", 1_800_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("0s", 0)]
    public void A_whole_number_and_one_unit_is_a_duration(string text, long ms)
    {
        Assert.True(Durations.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), d);
        Assert.Equal(d, Durations.Parse(Durations.Text(d)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("h")]
    [InlineData("-2h")]
    [InlineData("1.5h")]
    [InlineData("2 h")]
    [InlineData("1h30m")]
    [InlineData("2H")]
    [InlineData("9999999999s")]
    public void Anything_else_is_refused_with_a_message_naming_the_forms(string text)
    {
        Assert.False(Durations.TryParse(text, out _));
        var e = Assert.Throws<FormatException>(() => Durations.Parse(text));
        Assert.Contains("30s, 30m, 2h, 1d", e.Message, StringComparison.Ordinal);
    }
}
