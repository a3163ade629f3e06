using SessionTui.Core;

namespace SessionTui.Tests.Core;

public sealed class CardsTests
{
    [Theory]
    [InlineData(0, "<1m")]
    [InlineData(59, "<1m")]
    [InlineData(60, "1m")]
    [InlineData(3599, "59m")]
    [InlineData(3600, "1h")]
    [InlineData(47 * 3600, "47h")]
    [InlineData(48 * 3600, "2d")]
    public void Durations_are_coarse_labels(int seconds, string label) =>
        Assert.Equal(label, Cards.Duration(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("Overwrite file? (y/n)")]
    [InlineData("Continue [Y/n]")]
    [InlineData("Do you want to proceed?\n❯ 1. Yes\n  2. No")]
    [InlineData("\u001b[1mDo you want to make this edit?\u001b[0m\n\n\n")]
    [InlineData("Press Enter to continue")]
    public void Prompts_waiting_for_an_answer_are_recognised(string capture) =>
        Assert.True(Cards.LooksLikePrompt(capture));

    [Theory]
    [InlineData("● Edit(src/app.ts)\n+ const yes = true;")]
    [InlineData("Do you want to proceed?\nline\nline\nline\nline\nstill streaming")]
    [InlineData("")]
    public void Ordinary_output_is_not_a_prompt(string capture) =>
        Assert.False(Cards.LooksLikePrompt(capture));

    [Fact]
    public void Ansi_strip_removes_csi_osc_and_lone_escapes()
    {
        Assert.Equal("red link x", Ansi.Strip("\u001b[31mred\u001b[0m \u001b]8;;http://x\u0007link\u001b]8;;\u0007 x\u001b"));

        // ESC followed by a character from 0x30 to 0x7E is a two-character sequence (ECMA-48 Fp/Fe/Fs): both go, as the
        // wall's own sanitizer removes them.
        Assert.Equal("ab", Ansi.Strip("a\u001b7b\u001bc"));
    }
}
