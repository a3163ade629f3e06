using System.Text;
using SessionTui.Workcells.Notifications;

namespace SessionTui.Tests.Notifications;

public sealed class TerminalNotificationTests
{
    private static readonly NotificationEvent Plain = Events.Of() with { Title = "api needs input", Body = "Do you want to proceed?" };

    private static string Text(NotificationEvent e, TerminalOptions options, bool insideTmux) =>
        Encoding.UTF8.GetString(TerminalNotification.Bytes(e, options, insideTmux));

    [Fact]
    public void Osc_9_is_the_title_and_body_in_one_text_ended_by_ST()
    {
        var bytes = TerminalNotification.Bytes(Plain, new TerminalOptions(), insideTmux: false);

        Assert.Equal("\u001b]9;api needs input: Do you want to proceed?\u001b\\"u8.ToArray(), bytes);
    }

    [Fact]
    public void Osc_777_has_notify_the_title_and_the_body_as_fields()
    {
        var text = Text(Plain, new TerminalOptions { Osc = [TerminalOsc.Osc777] }, insideTmux: false);

        Assert.Equal("\u001b]777;notify;api needs input;Do you want to proceed?\u001b\\", text);
    }

    [Fact]
    public void Inside_tmux_each_sequence_is_wrapped_in_the_passthrough_with_its_escs_doubled_and_the_bell_stays_outside()
    {
        var options = new TerminalOptions { Osc = [TerminalOsc.Osc9, TerminalOsc.Osc777], Bell = true };

        var text = Text(Plain, options, insideTmux: true);

        Assert.Equal(
            "\u001bPtmux;\u001b\u001b]9;api needs input: Do you want to proceed?\u001b\u001b\\\u001b\\"
            + "\u001bPtmux;\u001b\u001b]777;notify;api needs input;Do you want to proceed?\u001b\u001b\\\u001b\\"
            + "\a",
            text);
    }

    [Fact]
    public void The_bell_alone_is_one_BEL_byte()
    {
        Assert.Equal([0x07], TerminalNotification.Bytes(Plain, new TerminalOptions { Osc = [], Bell = true }, insideTmux: true));
    }

    [Fact]
    public void Hostile_names_and_lines_lose_their_escapes_controls_and_semicolons_but_keep_their_unicode()
    {
        // Given a session name with an OSC title change ended by BEL, a newline, a C1 CSI and a semicolon, and a screen line
        // with colours, a carriage return and a tab
        var e = Plain with
        {
            Title = "évil\u001b]0;pwned\a;name\n\u009b2J 🚀 needs input",
            Body = "\u001b[31mred\u001b[0m; rm -rf /\r\n\tnext\u0007 line\u001bP+q\u001b\\",
        };

        // When both sequences are built for a terminal inside tmux
        var text = Text(e, new TerminalOptions { Osc = [TerminalOsc.Osc9, TerminalOsc.Osc777] }, insideTmux: true);

        // Then only the framing has ESCs, no BEL or newline is left, ';' became ',' and the unicode is intact
        Assert.Equal(
            "\u001bPtmux;\u001b\u001b]9;évil,name 🚀 needs input: red, rm -rf / next line\u001b\u001b\\\u001b\\"
            + "\u001bPtmux;\u001b\u001b]777;notify;évil,name 🚀 needs input;red, rm -rf / next line\u001b\u001b\\\u001b\\",
            text);
    }

    [Fact]
    public void Without_a_body_osc_9_is_the_title_and_an_empty_title_becomes_SessionTui()
    {
        Assert.Equal("\u001b]9;api needs input\u001b\\", Text(Plain with { Body = "" }, new TerminalOptions(), insideTmux: false));
        Assert.Equal("\u001b]777;notify;SessionTui;x\u001b\\", Text(Plain with { Title = "\u001b[0m", Body = "x" }, new TerminalOptions { Osc = [TerminalOsc.Osc777] }, insideTmux: false));
    }

    [Fact]
    public void A_long_title_is_cut_between_graphemes_and_ends_with_an_ellipsis()
    {
        // Given a title of 150 family emoji (each one grapheme of 11 UTF-16 units)
        var family = "👨‍👩‍👧‍👦";
        var e = Plain with { Title = string.Concat(Enumerable.Repeat(family, 150)), Body = "" };

        var text = Text(e, new TerminalOptions(), insideTmux: false);

        Assert.Equal("\u001b]9;" + string.Concat(Enumerable.Repeat(family, TerminalNotification.MaxTitle - 1)) + "…\u001b\\", text);
    }
}
