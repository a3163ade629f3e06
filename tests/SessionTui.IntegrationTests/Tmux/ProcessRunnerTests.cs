using System.Globalization;
using SessionTui.IntegrationTests.Support;
using SessionTui.Tmux;

namespace SessionTui.IntegrationTests.Tmux;

public sealed class ProcessRunnerTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("stui-runner-");
    private readonly ProcessRunner _runner = new();

    public void Dispose() => _temp.Delete(recursive: true);

    private static ProcessSpec Sh(string script, params string[] args) => new("sh", ["-c", script, "sh", .. args]);

    /// <summary>Gone, or a zombie nobody reaped yet: either way it runs no more.</summary>
    private static bool IsGone(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return true;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    private int ReadPid(string name)
    {
        var path = Path.Join(_temp.FullName, name);
        TmuxTestServer.WaitUntil(() => File.Exists(path) && File.ReadAllText(path).EndsWith('\n'), what: name);
        return int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Output_error_and_exit_code_are_captured_as_UTF8()
    {
        var result = await _runner.RunAsync(Sh("printf '日本語 ✓\\n'; printf 'oops\\n' >&2; exit 3"));

        Assert.Equal(new ProcessResult(3, "日本語 ✓\n", "oops\n"), result);
    }

    [Fact]
    public async Task Arguments_reach_the_program_verbatim_without_a_shell()
    {
        // Given arguments a shell would expand or split
        var marker = Path.Join(_temp.FullName, "pwned");
        string[] args = ["a b", $"$(touch {marker})", $"`touch {marker}`", "'", "\"", ";", "*", "-n"];

        // When printf receives them directly
        var result = await _runner.RunAsync(new ProcessSpec("printf", ["%s|", .. args]));

        // Then each arrives as one untouched argument and nothing ran
        Assert.Equal(string.Concat(args.Select(a => a + "|")), result.StandardOutput);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task Arguments_with_quotes_backslashes_whitespace_or_nothing_at_all_arrive_unchanged()
    {
        // Given arguments that CliWrap must quote and escape for .NET to split them back
        string[] args =
        [
            "", " ", "a\\tb c", "\"", "a\\\"b", "trailing\\", "two\\\\ \"q\"", "\"\"", "tab\there", "new\nline", "日本語 ✓", "\\\\server\\share",
        ];

        // When printf prints each one followed by a NUL
        var result = await _runner.RunAsync(new ProcessSpec("printf", ["%s\\0", .. args]));

        // Then the program saw exactly that argv
        Assert.Equal(string.Concat(args.Select(a => a + "\0")), result.StandardOutput);
    }

    [Fact]
    public async Task Output_that_is_not_valid_UTF8_is_decoded_with_replacement_characters()
    {
        var result = await _runner.RunAsync(Sh("printf 'ok \\377\\376 ok'"));

        Assert.Equal("ok \uFFFD\uFFFD ok", result.StandardOutput);
    }

    [Fact]
    public async Task Stdin_is_closed_so_a_reader_sees_end_of_input()
    {
        var result = await _runner.RunAsync(new ProcessSpec("cat", []) { Timeout = TimeSpan.FromSeconds(5) });

        Assert.Equal(new ProcessResult(0, "", ""), result);
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_tree_and_throws()
    {
        // Given a shell that starts a child and waits for it
        var script = $"sleep 30 & echo $! > '{_temp.FullName}/child'; echo $$ > '{_temp.FullName}/parent'; wait";

        // When it outlives its timeout
        var run = _runner.RunAsync(Sh(script) with { Timeout = TimeSpan.FromMilliseconds(500) });

        // Then the run throws at once and neither process survives
        var error = await Assert.ThrowsAsync<TimeoutException>(() => run);
        Assert.Equal("sh did not finish within 500 ms and was killed", error.Message);
        var (parent, child) = (ReadPid("parent"), ReadPid("child"));
        TmuxTestServer.WaitUntil(() => IsGone(parent) && IsGone(child), TimeSpan.FromSeconds(5), "the killed processes to end");
    }

    [Fact]
    public async Task A_background_child_that_keeps_the_output_open_makes_the_run_time_out_instead_of_hang()
    {
        // Given a shell that exits at once but leaves a child holding its stdout
        var script = $"sleep 30 & echo $! > '{_temp.FullName}/child'";

        // When run with a short timeout
        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => _runner.RunAsync(Sh(script) with { Timeout = TimeSpan.FromMilliseconds(500) }));

        // Then the run ends with a timeout (the child, no longer in the exited shell's tree, is left to the test to stop)
        Assert.StartsWith("sh did not finish within 500 ms", error.Message, StringComparison.Ordinal);
        var child = ReadPid("child");
        if (!IsGone(child))
        {
            System.Diagnostics.Process.GetProcessById(child).Kill();
        }
    }

    [Fact]
    public async Task Cancelling_kills_the_process_and_throws_OperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var run = _runner.RunAsync(Sh($"echo $$ > '{_temp.FullName}/parent'; exec sleep 30"), cancel.Token);
        var pid = ReadPid("parent");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        TmuxTestServer.WaitUntil(() => IsGone(pid), TimeSpan.FromSeconds(5), "the cancelled process to end");
    }

    [Fact]
    public async Task A_null_environment_value_unsets_an_inherited_variable_and_a_value_sets_one()
    {
        // Given PATH, which this process always passes on
        static string[] Names(ProcessResult result) => [.. result.StandardOutput.Split('\n').Select(l => l.Split('=')[0])];
        var spec = new ProcessSpec("env", []);
        Assert.Contains("PATH", Names(await _runner.RunAsync(spec)));

        // When the spec unsets it and sets another
        var changed = await _runner.RunAsync(spec with
        {
            Environment = new Dictionary<string, string?> { ["PATH"] = null, ["STUI_SET"] = "set ; $(x)" },
        });

        // Then the child has no PATH and the new value verbatim
        Assert.DoesNotContain("PATH", Names(changed));
        Assert.Contains("STUI_SET=set ; $(x)\n", changed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timeout_that_is_not_positive_is_refused_before_anything_starts() =>
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => _runner.RunAsync(new ProcessSpec("stui-no-such-program", []) { Timeout = TimeSpan.Zero }));

    [Fact]
    public async Task The_working_directory_is_used()
    {
        var result = await _runner.RunAsync(new ProcessSpec("pwd", []) { WorkingDirectory = _temp.FullName });

        Assert.Equal(_temp.FullName + "\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_missing_working_directory_is_reported_as_such_not_as_a_missing_program() =>
        await Assert.ThrowsAsync<DirectoryNotFoundException>(
            () => _runner.RunAsync(new ProcessSpec("pwd", []) { WorkingDirectory = Path.Join(_temp.FullName, "nope") }));

    [Theory]
    [InlineData("stui-no-such-program")]
    [InlineData("/nonexistent/tmux")]
    public async Task A_missing_program_throws_ExecutableNotFound(string program)
    {
        var spec = new ProcessSpec(program, ["-V"]);

        var captured = await Assert.ThrowsAsync<ExecutableNotFoundException>(() => _runner.RunAsync(spec));
        var interactive = await Assert.ThrowsAsync<ExecutableNotFoundException>(() => _runner.RunInteractiveAsync(spec));

        Assert.Equal((program, program), (captured.FileName, interactive.FileName));
        Assert.Contains(program, captured.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interactive_run_returns_the_exit_code() =>
        Assert.Equal(4, await _runner.RunInteractiveAsync(Sh("exit 4")));
}
