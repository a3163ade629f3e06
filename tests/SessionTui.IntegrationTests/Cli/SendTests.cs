using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;
using SessionTui.IntegrationTests.Support;
using SessionTui.IntegrationTests.Workcells;

namespace SessionTui.IntegrationTests.Cli;

/// <summary><c>sessiontui send</c>, <c>wait</c>, <c>capture</c> and <c>status</c> on real panes of a private server, with
/// fake agents written as shell scripts.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class SendTests : IDisposable
{
    private readonly WorkcellFixture _w = new();

    public SendTests() => Directory.CreateDirectory(Path.GetDirectoryName(_w.Socket)!);

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task A_5_KB_text_with_quotes_substitutions_backslashes_unicode_and_a_2000_byte_line_reaches_the_agent_verbatim()
    {
        // Given a fake agent that stores exactly as many bytes as it is sent, read from its terminal
        var marker = Path.Join(_w.Home, "pwned");
        var received = Path.Join(_w.Home, "received.txt");
        var text = AwkwardText(marker);
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.InRange(bytes.Length, 5000, 6000);
        var agent = _w.Agent("reader.sh", $"head -c {bytes.Length} > '{received}'; echo RECEIVED; sleep 300");
        Start("reader", agent);

        // When sending it as one argument
        var result = WorkcellFixture.Json(await _w.Run("send", "reader", "--json", "--", text));

        // Then the agent got every byte, in order, and nothing in it ran
        Assert.True(result.GetProperty("delivered").GetBoolean());
        Assert.Equal(bytes.Length, result.GetProperty("bytes").GetInt32());
        Assert.Equal("echoed", result.GetProperty("evidence").GetString());
        TmuxTestServer.WaitUntil(() => File.Exists(received) && new FileInfo(received).Length == bytes.Length, TimeSpan.FromSeconds(10), () => $"{bytes.Length} bytes in received.txt, got {(File.Exists(received) ? new FileInfo(received).Length : -1)}");
        Assert.Equal(bytes, File.ReadAllBytes(received));
        Assert.Contains(File.ReadAllText(received).Split('\n'), l => l.Length > 1023);
        Assert.False(File.Exists(marker));
        Assert.Empty(_w.Tmux("list-buffers", "-F", "#{buffer_name}").Trim());
    }

    [Fact]
    public async Task A_text_read_from_stdin_reaches_the_agent_verbatim()
    {
        var received = Path.Join(_w.Home, "stdin.txt");
        var bytes = Encoding.UTF8.GetBytes("first 'line' \"quoted\" \\ back\nsecond ✓ $(nope); done\n");
        Start("reader", _w.Agent("reader.sh", $"head -c {bytes.Length} > '{received}'; sleep 300"));

        var result = await _w.RunWithInput(bytes, "send", "reader", "--", "-");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.StartsWith($"sent {bytes.Length} bytes to reader ", result.StandardOutput, StringComparison.Ordinal);
        TmuxTestServer.WaitUntil(() => File.Exists(received) && new FileInfo(received).Length == bytes.Length, TimeSpan.FromSeconds(10), "stdin.txt");
        Assert.Equal(bytes, File.ReadAllBytes(received));
    }

    [Fact]
    public async Task Wait_for_matches_the_agents_new_answer_not_the_echo_of_the_question_nor_an_old_answer()
    {
        // Given an agent that shows each question again in its transcript (as agents do) and answers after a moment,
        // numbering its answers
        Start("bot", _w.Agent("bot.sh", """
            n=0
            while IFS= read -r line; do
              printf '● %s\n' "$line"
              n=$((n+1)); sleep 0.5; echo "answer $n DONE"
            done
            """));

        // When asking twice with a pattern the question itself contains
        var first = WorkcellFixture.Json(await _w.Run("send", "bot", "--enter", "--wait-for", @"\w+ \d* ?DONE", "--timeout", "20s", "--json", "--", "say DONE"));
        var second = WorkcellFixture.Json(await _w.Run("send", "bot", "--enter", "--wait-for", @"\w+ \d* ?DONE", "--timeout", "20s", "--json", "--", "say DONE"));

        // Then each send returns with its own answer
        Assert.Equal(("answer 1 DONE", true), (first.GetProperty("matched").GetString(), first.GetProperty("enter").GetBoolean()));
        Assert.Equal("answer 2 DONE", second.GetProperty("matched").GetString());
    }

    [Fact]
    public async Task Wait_for_that_never_matches_times_out_with_exit_5_and_says_what_it_waited_for()
    {
        Start("mute", _w.Agent("mute.sh", "while IFS= read -r line; do :; done"));

        var clock = Stopwatch.StartNew();
        var result = await _w.Run("send", "mute", "--enter", "--wait-for", "ANSWER", "--timeout", "1s", "--", "question");
        clock.Stop();

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("timed out after 1s", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("/ANSWER/", result.StandardError, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task If_idle_refuses_a_working_pane_and_sends_to_an_idle_one()
    {
        // Given one pane printing all the time and one quiet at its prompt
        Start("busy", _w.Agent("busy.sh", "i=0; while :; do i=$((i+1)); echo \"tick $i\"; sleep 0.1; done"));
        var got = Path.Join(_w.Home, "got.txt");
        Start("calm", _w.Agent("calm.sh", $"printf 'ready> '; IFS= read -r line; printf '%s' \"$line\" > '{got}'; sleep 300"));
        WaitForScreen("busy", s => s.Contains("tick 3", StringComparison.Ordinal));

        // When sending with --if-idle to each (idle after 3 s without output: tmux keeps #{window_activity} in whole
        // seconds, so a pane that printed 0.1 s ago can look up to a second quieter than it is)
        var refused = await _w.Run("--idle-after", "3", "send", "busy", "--if-idle", "--enter", "--", "SHOULD-NOT-ARRIVE");
        var idle = await _w.Run("--idle-after", "3", "wait", "calm", "--state", "idle", "--timeout", "20s");
        var accepted = await _w.Run("--idle-after", "3", "send", "calm", "--if-idle", "--enter", "--", "hello");

        // Then the working one is refused with its state and rule, and nothing reached it; the idle one gets the text
        Assert.Equal(6, refused.ExitCode);
        Assert.Contains("is working (rule freshness.changing", refused.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("SHOULD-NOT-ARRIVE", _w.Tmux("capture-pane", "-p", "-J", "-S", "-200", "-t", "=busy:"), StringComparison.Ordinal);
        Assert.True(idle.ExitCode == 0, idle.StandardError);
        Assert.Contains("is idle (rule freshness.quiet)", idle.StandardOutput, StringComparison.Ordinal);
        Assert.True(accepted.ExitCode == 0, accepted.StandardError);
        TmuxTestServer.WaitUntil(() => File.Exists(got) && File.ReadAllText(got) == "hello", TimeSpan.FromSeconds(10), "got.txt");
    }

    [Fact]
    public async Task Without_a_name_the_only_session_is_used_and_with_two_the_error_lists_both()
    {
        Start("api", _w.Agent("a.sh", "sleep 300"));
        var one = WorkcellFixture.Json(await _w.Run("status", "--json"));
        Start("my job", _w.Agent("b.sh", "sleep 300"));

        var two = await _w.Run("status");
        var send = await _w.Run("send", "--enter", "--", "text");

        Assert.Equal("api", one.GetProperty("session").GetString());
        Assert.Equal((3, "sessiontui: 2 sessions, name one: api, \"my job\"\n"), (two.ExitCode, two.StandardError));
        Assert.Equal(3, send.ExitCode);
    }

    [Fact]
    public async Task A_name_that_is_a_prefix_of_another_session_does_not_match_it()
    {
        Start("api-prod", _w.Agent("p.sh", "sleep 300"));
        Start("worker", _w.Agent("w.sh", "sleep 300"));

        var result = await _w.Run("send", "api", "--enter", "--", "SHOULD-NOT-ARRIVE");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("sessiontui: no session named or with id \"api\" on ", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("SHOULD-NOT-ARRIVE", _w.Tmux("capture-pane", "-p", "-t", "=api-prod:"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_with_spaces_quotes_and_a_leading_dash_and_ids_are_resolved_exactly()
    {
        var odd = "my \"job\" it's";
        Start(odd, _w.Agent("odd.sh", "cat"));
        Start("-dash", _w.Agent("dash.sh", "cat"));
        Start("-dash-more", _w.Agent("more.sh", "cat"));

        var byName = WorkcellFixture.Json(await _w.Run("status", "--json", odd));
        var byId = WorkcellFixture.Json(await _w.Run("status", "--json", byName.GetProperty("id").GetString()!));
        var dash = WorkcellFixture.Json(await _w.Run("status", "--json", "--", "-dash"));
        var sent = WorkcellFixture.Json(await _w.Run("send", "-dash", "--json", "--", "to the dash"));

        Assert.Equal(odd, byName.GetProperty("session").GetString());
        Assert.Equal(odd, byId.GetProperty("session").GetString());
        Assert.Equal("-dash", dash.GetProperty("session").GetString());
        Assert.Equal("-dash", sent.GetProperty("session").GetString());
        Assert.Contains("to the dash", _w.Tmux("capture-pane", "-p", "-t", "=-dash:"), StringComparison.Ordinal);
        Assert.DoesNotContain("to the dash", _w.Tmux("capture-pane", "-p", "-t", "=-dash-more:"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wait_for_state_exited_returns_the_exit_status_and_wait_for_a_pattern_sees_the_screen()
    {
        Start("job", _w.Agent("job.sh", "echo started; sleep 1; echo finishing; exit 4"), remainOnExit: true);

        var shown = await _w.Run("wait", "job", "--for", "^finish", "--timeout", "15s");
        var exited = WorkcellFixture.Json(await _w.Run("wait", "job", "--state", "exited", "--timeout", "15s", "--json"));
        var badState = await _w.Run("wait", "job", "--state", "asleep");
        var both = await _w.Run("wait", "job", "--state", "idle", "--for", "x");
        var badTimeout = await _w.Run("wait", "job", "--for", "x", "--timeout", "soon");

        Assert.Equal((0, "matched finish\n"), (shown.ExitCode, shown.StandardOutput));
        Assert.Equal(("exited", 4, "tmux.exited"), (exited.GetProperty("state").GetString(), exited.GetProperty("exitStatus").GetInt32(), exited.GetProperty("reason").GetString()));
        Assert.Equal(2, badState.ExitCode);
        Assert.Contains("'asleep' is not a state", badState.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal(2, badTimeout.ExitCode);
        Assert.Contains("'soon' is not a duration", badTimeout.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_prints_the_asked_history_and_keeps_colours_only_with_ansi()
    {
        Start("log", _w.Agent("log.sh", """
            i=1; while [ $i -le 60 ]; do echo "line $i"; i=$((i+1)); done
            printf '\033[31mRED\033[0m\n'
            sleep 300
            """));
        WaitForScreen("log", s => s.Contains("RED", StringComparison.Ordinal));

        var screen = await _w.Run("capture", "log");
        var history = await _w.Run("capture", "log", "--lines", "10");
        var ansi = await _w.Run("capture", "log", "--ansi");

        // 61 lines and the cursor's empty row on a 20-row pane: line 43 is at the top, lines 1 to 42 in the history
        Assert.Equal(0, screen.ExitCode);
        Assert.StartsWith("line 43\n", screen.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("line 60\nRED\n\n", screen.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(20, screen.StandardOutput.Count(c => c == '\n'));
        Assert.StartsWith("line 33\n", history.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(30, history.StandardOutput.Count(c => c == '\n'));
        Assert.DoesNotContain("\u001b", screen.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("\u001b[31mRED", ansi.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_json_gives_the_pane_state_reason_and_the_sessions_workcell_run()
    {
        var agent = _w.Agent("agent.sh", "echo 'working on it'; sleep 300");
        var runId = (await _w.Run("launch", "cell", "--cwd", _w.Home, "--task", "wait", "--", agent)).StandardOutput.Trim();
        Start("plain", _w.Agent("plain.sh", "sleep 300"));

        var cell = WorkcellFixture.Json(await _w.Run("status", "cell", "--json"));
        var plain = WorkcellFixture.Json(await _w.Run("status", "plain", "--json"));
        var text = await _w.Run("status", "cell");

        Assert.Equal("cell", cell.GetProperty("session").GetString());
        Assert.StartsWith("$", cell.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("%", cell.GetProperty("pane").GetString(), StringComparison.Ordinal);
        Assert.Equal("workcells", cell.GetProperty("server").GetString());
        Assert.Equal(0, cell.GetProperty("attachedClients").GetInt32());
        Assert.EndsWith("Z", cell.GetProperty("created").GetString(), StringComparison.Ordinal);
        Assert.Contains(cell.GetProperty("state").GetString(), new[] { "working", "idle" });
        Assert.StartsWith("freshness.", cell.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cell.GetProperty("resetsAt").ValueKind);
        Assert.Equal((runId, "running"), (cell.GetProperty("run").GetProperty("id").GetString(), cell.GetProperty("run").GetProperty("state").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, plain.GetProperty("run").ValueKind);
        Assert.Contains($"run         {runId} running\n", text.StandardOutput, StringComparison.Ordinal);
    }

    /// <summary>Starts a detached 80x20 session on the workcell server running <paramref name="agent"/>.</summary>
    private void Start(string name, string agent, bool remainOnExit = false)
    {
        if (remainOnExit)
        {
            _w.Tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "20", "cat", ";", "set-option", "-p", "remain-on-exit", "on", ";", "respawn-pane", "-k", agent);
        }
        else
        {
            _w.Tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "20", agent);
        }
    }

    private void WaitForScreen(string name, Func<string, bool> condition) =>
        TmuxTestServer.WaitUntil(() => condition(_w.Tmux("capture-pane", "-p", "-t", "=" + name + ":")), TimeSpan.FromSeconds(10), "the screen of " + name);

    /// <summary>About 5 KB of lines a shell or tmux would mangle, one of them 2000 bytes long, ending with a newline.</summary>
    private static string AwkwardText(string marker)
    {
        var b = new StringBuilder();
        b.Append("single 'quotes' and \"double\" and `backticks`\n");
        b.Append($"$(touch {marker}) ; touch {marker} && echo no | tee x\n");
        b.Append(@"back\slashes \\ \n \t \e[31m not escapes" + "\n");
        b.Append("tab\there; semicolon; trailing semicolon;\n");
        b.Append("unicode: 日本語 ✓ é ü ß 🙂 — “curly”\n");
        b.Append("#{session_name} #(touch ").Append(marker).Append(") %1 ~ * ? [a] {b}\n");
        b.Append(new string('L', 1000)).Append(new string('M', 1000)).Append('\n');
        for (var i = 0; b.Length < 5100; i++)
        {
            b.Append("line ").Append(i).Append(": $HOME \"$USER\" '$(id)' \\\\ ; ✓\n");
        }

        return b.Append("last line ends here\n").ToString();
    }
}
