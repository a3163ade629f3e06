using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class TmuxTargetsTests
{
    [Fact]
    public void Sessions_and_panes_are_targeted_by_their_ids() =>
        Assert.Equal(("$3", "%17"), (TmuxTargets.Session("$3"), TmuxTargets.Pane("%17")));

    [Theory]
    [InlineData("api")]
    [InlineData("$")]
    [InlineData("$3a")]
    [InlineData("%3")]
    [InlineData("=api")]
    [InlineData("")]
    public void Anything_but_a_session_id_is_refused_as_a_session_target(string value) =>
        Assert.Throws<ArgumentException>(() => TmuxTargets.Session(value));

    [Theory]
    [InlineData("api")]
    [InlineData("%")]
    [InlineData("$3")]
    [InlineData("%-1")]
    public void Anything_but_a_pane_id_is_refused_as_a_pane_target(string value) =>
        Assert.Throws<ArgumentException>(() => TmuxTargets.Pane(value));

    [Theory]
    [InlineData("semi;", "semi\\;")]
    [InlineData(";", "\\;")]
    [InlineData("ends\\;", "ends\\\\;")]
    [InlineData("a;b", "a;b")]
    [InlineData("back\\", "back\\")]
    [InlineData("", "")]
    public void Only_a_trailing_semicolon_is_escaped_in_command_arguments(string argument, string escaped) =>
        Assert.Equal(escaped, TmuxEscaping.CommandArgument(argument));

    [Fact]
    public void Hashes_are_doubled_to_stay_literal_in_formats() =>
        Assert.Equal("a##b ##{session_id} ##S", TmuxEscaping.FormatLiteral("a#b #{session_id} #S"));
}
