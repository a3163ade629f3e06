using SessionTui.Workcells.Notifications;

namespace SessionTui.Tests.Notifications;

public sealed class NotificationTextTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("  two\n\nlines\r\n", "two lines")]
    [InlineData("\u001b[1;31mbold red\u001b[0m", "bold red")]
    [InlineData("title\u001b]2;x\u0007set", "titleset")]
    [InlineData("a\u0000b\u007fc\u0008d", "abcd")]
    [InlineData("\u202eevil\u202c\u2066x\u2069", "evilx")]
    [InlineData("tab\there", "tab here")]
    [InlineData("line\u2028sep", "line sep")]
    [InlineData("emoji 👍🏽 kept", "emoji 👍🏽 kept")]
    [InlineData(null, "")]
    public void Clean_leaves_one_line_of_printable_text(string? input, string expected) =>
        Assert.Equal(expected, NotificationText.Clean(input));

    [Fact]
    public void A_lone_surrogate_becomes_the_replacement_character() =>
        Assert.Equal("lone \ufffd surrogate", NotificationText.Clean("lone \ud800 surrogate"));

    [Fact]
    public void Cap_keeps_short_text_and_cuts_long_text_to_the_limit_with_an_ellipsis()
    {
        Assert.Equal("short", NotificationText.Cap("short", 5));
        Assert.Equal("abcd…", NotificationText.Cap("abcdefgh", 5));
        Assert.Equal("e\u0301e\u0301…", NotificationText.Cap("e\u0301e\u0301e\u0301e\u0301", 3));
    }
}
