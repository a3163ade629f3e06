using System.Text;
using SessionTui.IntegrationTests.Support;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.Tmux;

/// <summary>Pasting through tmux buffers, keys and plain captures (TmuxClient.Buffers) on a private server.</summary>
public sealed class TmuxBuffersTests : IDisposable
{
    private readonly TmuxTestServer _tmux = new();

    public void Dispose() => _tmux.Dispose();

    [Fact]
    public async Task The_process_runner_writes_standard_input_and_closes_it()
    {
        var input = Encoding.UTF8.GetBytes("bytes ✓\n\0 and a NUL");

        var result = await _tmux.Runner.RunAsync(new ProcessSpec("od", ["-An", "-c"]) { StandardInput = input });

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("\\0", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("N   U   L", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_paste_reaches_the_pane_and_leaves_no_buffer_behind()
    {
        var pane = _tmux.ActivePane(_tmux.NewSession("t", "cat"));

        await _tmux.Client.PasteAsync(_tmux.Server, pane, Encoding.UTF8.GetBytes("pasted \"text\" ; $(x)"));
        await _tmux.Client.SendKeysAsync(_tmux.Server, pane, ["Enter"]);

        _tmux.WaitForText(pane, "pasted \"text\" ; $(x)\npasted \"text\" ; $(x)");
        Assert.Equal("", _tmux.Tmux("list-buffers", "-F", "#{buffer_name}"));
        var read = await _tmux.Client.ReadPaneAsync(_tmux.Server, pane, 0);
        Assert.Equal(["pasted \"text\" ; $(x)", "pasted \"text\" ; $(x)", ""], read.Lines.Take(3));
        Assert.Equal((0, 2), (read.CursorX, read.CursorY));
    }

    [Fact]
    public async Task A_paste_into_a_pane_that_is_gone_fails_and_deletes_its_buffer()
    {
        _tmux.NewSession("t", "cat");

        var error = await Assert.ThrowsAsync<TmuxCommandException>(() => _tmux.Client.PasteAsync(_tmux.Server, "%999", "x"u8.ToArray()));

        Assert.Contains("%999", error.Message, StringComparison.Ordinal);
        Assert.Equal("", _tmux.Tmux("list-buffers", "-F", "#{buffer_name}"));
    }

    [Fact]
    public async Task A_batch_with_two_inputs_is_refused_before_tmux_runs() =>
        await Assert.ThrowsAsync<ArgumentException>(() => _tmux.Transport.ExecuteAsync(
            _tmux.Server, [new TmuxCommand(["load-buffer", "-"]) { Input = "a"u8.ToArray() }, new TmuxCommand(["load-buffer", "-"]) { Input = "b"u8.ToArray() }]));
}
