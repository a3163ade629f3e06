using SessionTui.Workcells.Sending;

namespace SessionTui.Tests.Sending;

public sealed class NewOutputTests
{
    [Fact]
    public void The_echo_of_the_text_is_not_new_output_but_the_answer_is()
    {
        var output = new NewOutput(["> say DONE"], new EchoFilter("say DONE"));

        Assert.Equal(["answer DONE"], output.Next(["> say DONE", "", "● say DONE", "answer DONE"]));
    }

    [Fact]
    public void Output_that_scrolls_between_two_looks_is_seen_once()
    {
        var output = new NewOutput(["a", "b", "$ go"], new EchoFilter("go"));

        Assert.Equal(["1", "2"], output.Next(["b", "$ go", "1", "2"]));
        Assert.Equal(["3"], output.Next(["$ go", "1", "2", "3"]));
        Assert.Empty(output.Next(["$ go", "1", "2", "3"]));
    }

    [Fact]
    public void A_screen_redrawn_with_what_it_showed_at_the_baseline_brings_nothing_back()
    {
        var output = new NewOutput(["title", "old DONE", "> "], new EchoFilter("x"));

        Assert.Empty(output.Next(["> "]));
        Assert.Empty(output.Next(["title", "old DONE", "> "]));
        Assert.Equal(["new DONE"], output.Next(["title", "old DONE", "new DONE", "> "]));
    }

    [Fact]
    public void The_echo_filter_needs_the_whole_line_of_the_text_at_a_word_or_prompt_boundary()
    {
        var echo = new EchoFilter("y\nrun the\ttests\n");

        Assert.True(echo.IsEcho("$ y"));
        Assert.True(echo.IsEcho("y"));
        Assert.True(echo.IsEcho("❯run   the tests"));
        Assert.False(echo.IsEcho("Ready"));
        Assert.False(echo.IsEcho("run the tests passed"));
    }
}
