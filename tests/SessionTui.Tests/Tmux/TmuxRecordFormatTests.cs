using SessionTui.Tmux;

namespace SessionTui.Tests.Tmux;

public sealed class TmuxRecordFormatTests
{
    [Fact]
    public void The_format_starts_rows_and_separates_fields_with_the_nonce()
    {
        var format = new TmuxRecordFormat(["session_id", "pane_current_path"], "n0nce");

        Assert.Equal("\u001en0nce#{session_id}\u001fn0nce#{pane_current_path}", format.Text);
    }

    [Fact]
    public void Fields_may_hold_separators_newlines_and_the_row_start_without_the_nonce()
    {
        var format = new TmuxRecordFormat(["a", "b"], "n0nce");
        var output = "\u001en0nce\u001e\u001f|\t\u001fn0ncepath\nwith\nnewlines\n\n" + "\u001en0nce2\u001fn0nce\n";

        var rows = format.Parse(output);

        Assert.Equal(2, rows.Count);
        Assert.Equal(["\u001e\u001f|\t", "path\nwith\nnewlines\n"], rows[0]);
        Assert.Equal(["2", ""], rows[1]);
    }

    [Fact]
    public void A_row_cut_short_of_its_newline_is_rejected() =>
        Assert.Throws<FormatException>(() => new TmuxRecordFormat(["a"], "n0nce").Parse("\u001en0nce1"));

    [Theory]
    [InlineData("abc")]
    [InlineData("ab#{}")]
    [InlineData("with space")]
    public void A_nonce_must_be_at_least_four_letters_or_digits(string nonce) =>
        Assert.Throws<ArgumentException>(() => new TmuxRecordFormat(["a"], nonce));

    [Fact]
    public void New_nonces_are_usable_and_differ()
    {
        var first = TmuxRecordFormat.NewNonce();
        var second = TmuxRecordFormat.NewNonce();

        Assert.NotEqual(first, second);
        Assert.Equal("\u001e" + first + "#{a}", new TmuxRecordFormat(["a"], first).Text);
    }
}
