using SessionTui.Ui.Text;

namespace SessionTui.Tests.Ui;

public sealed class TextSanitizerTests
{
    [Fact]
    public void Printable_ASCII_is_returned_as_it_is()
    {
        const string line = "dev@box:~/src$ ls -la";

        Assert.Same(line, TextSanitizer.Sanitize(line));
    }

    [Fact]
    public void Every_escape_sequence_including_SGR_is_removed()
    {
        Assert.Equal("redtitle-less", TextSanitizer.Sanitize("\u001b[31mred\u001b[0m\u001b]2;title\u0007title-less\u001b[K"));
    }

    [Theory]
    [InlineData("a\u0000b\u0007c\u0008d\u007fe\u0085f", "abcdef")]
    [InlineData("line\r", "line")]
    [InlineData("a\nb", "ab")]
    [InlineData("\u202eevil\u202c txt", "evil txt")]
    [InlineData("soft\u00adhyphen\u200bzero\ufeffbom", "softhyphenzerobom")]
    public void Controls_and_format_characters_are_removed(string input, string expected)
    {
        Assert.Equal(expected, TextSanitizer.Sanitize(input));
    }

    [Theory]
    [InlineData("\t|", "        |")]
    [InlineData("abc\t|", "abc     |")]
    [InlineData("日本\t|", "日本    |")]
    [InlineData("12345678\t|", "12345678        |")]
    public void Tabs_expand_to_the_next_multiple_of_eight_cells(string input, string expected)
    {
        Assert.Equal(expected, TextSanitizer.Sanitize(input));
    }

    [Fact]
    public void Lone_surrogates_and_noncharacters_become_replacement_characters()
    {
        Assert.Equal("\ufffd", TextSanitizer.Sanitize("\ud800"));
        Assert.Equal("x\ufffdy", TextSanitizer.Sanitize("x\udfffy"));
        Assert.Equal("\ufffd\ufffd", TextSanitizer.Sanitize("\udc00\ud800"));
        Assert.Equal("\ufffd", TextSanitizer.Sanitize("\uffff"));
        Assert.Equal("\ufffd", TextSanitizer.Sanitize("\ufdd0"));
    }

    [Fact]
    public void U_FFFF_is_measurable_after_sanitizing()
    {
        var sanitized = TextSanitizer.Sanitize("a\uffffb");

        Assert.Equal(3, CellWidth.Of(sanitized));
    }

    [Theory]
    [InlineData("日本語", "日本語", 6)]
    [InlineData("🚀 go", "🚀 go", 5)]
    [InlineData("cafe\u0301", "caf\u00e9", 4)]
    [InlineData("👩\u200d💻", "👩💻", 4)]
    [InlineData("👍\U0001F3FD", "👍", 2)]
    [InlineData("❤\ufe0f", "❤", 1)]
    [InlineData("🇩🇪", "DE", 2)]
    [InlineData("\U0001D400\U0001D401", "AB", 2)]
    [InlineData("\U00010300", "\ufffd", 1)]
    [InlineData("a\U000E0001b", "ab", 2)]
    public void Emoji_sequences_are_split_into_parts_whose_width_Terminal_Gui_and_terminals_agree_on(string input, string expected, int cells)
    {
        var sanitized = TextSanitizer.Sanitize(input);

        Assert.Equal(expected, sanitized);
        Assert.Equal(cells, CellWidth.Of(sanitized));
        Assert.Equal(cells, CellWidth.Of(sanitized));
    }
}
