using System.Diagnostics;
using SessionTui.Core.Runs;
using SessionTui.Workcells;

namespace SessionTui.Tests.Runs;

public sealed class RunBasicsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 9, 42, 10, TimeSpan.Zero);

    [Theory]
    [InlineData("api-fix", "20261128-094210-api-fix")]
    [InlineData("With Space & 'quotes'", "20261128-094210-with-space-quotes")]
    [InlineData("$(touch x); rm -rf /", "20261128-094210-touch-x-rm-rf")]
    [InlineData("日本語", "20261128-094210-run")]
    [InlineData("-leading", "20261128-094210-leading")]
    public void Run_ids_are_utc_time_then_a_readable_slug(string name, string expected) =>
        Assert.Equal(expected, RunIds.New(name, T0.ToOffset(TimeSpan.FromHours(5))));

    [Fact]
    public void Run_ids_sort_by_time()
    {
        var ids = new[] { RunIds.New("b", T0.AddSeconds(1)), RunIds.New("a", T0), RunIds.New("a", T0.AddDays(1)) };
        Assert.Equal([RunIds.New("a", T0), RunIds.New("b", T0.AddSeconds(1)), RunIds.New("a", T0.AddDays(1))], ids.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("api", null)]
    [InlineData("with space 'q' \"d\" ;$()`x` 日本 ✓ -lead", null)]
    [InlineData("", "the name is empty")]
    [InlineData("  ", "the name is empty")]
    [InlineData("a:b", "tmux does not keep ':' or '.' in a session name: 'a:b'")]
    [InlineData("v1.2", "tmux does not keep ':' or '.' in a session name: 'v1.2'")]
    [InlineData("tab\there", "the name holds a control character")]
    public void Names_tmux_would_rewrite_are_refused_and_odd_ones_kept(string name, string? problem) =>
        Assert.Equal(problem, WorkcellLauncher.ValidateName(name));

    [Fact]
    public void Placeholders_keep_each_argument_one_argument()
    {
        var task = "say \"hi\" $(rm -rf /) `x`\nline two; echo pwned";
        var argv = Placeholders.Expand(["agent", "--message={task}", "{brief}", "{run_dir}/x", "{unknown}"], new Dictionary<string, string>
        {
            ["task"] = task,
            ["brief"] = "/r/brief.md",
            ["run_dir"] = "/r",
        });
        Assert.Equal(["agent", "--message=" + task, "/r/brief.md", "/r/x", "{unknown}"], argv);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("it's")]
    [InlineData("a b\"c$HOME`x`\\n")]
    [InlineData("")]
    public void Shell_quoting_reaches_sh_verbatim(string word)
    {
        using var sh = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "printf %s " + Shell.Quote(word)]) { RedirectStandardOutput = true })!;
        var output = sh.StandardOutput.ReadToEnd();
        sh.WaitForExit();
        Assert.Equal(word, output);
    }

    [Fact]
    public void A_record_survives_its_json_with_snake_case_and_kebab_states()
    {
        var run = new RunRecord(
            "20261128-094210-api", "api ✓", "/s/tmux.sock", "workcells", "/src/api", ["/bin/agent", "do it"], "agent", "do it", "make test", null,
            ["K=V"], null, "abc", "/s/runs/20261128-094210-api", RunState.NoOp, T0)
        {
            Template = ["agent", "{task}"],
            SessionId = "$3",
            Exit = new RunExit(0, null),
            Verification = new Verification(true, "abc", [], "", [], [], "make test", 0, "ok", null),
            Ended = T0.AddMinutes(3),
        };

        var json = RunJson.Serialize(run);
        var back = RunJson.Deserialize(json);

        Assert.Contains("\"state\": \"no-op\"", json, StringComparison.Ordinal);
        Assert.Contains("\"run_id\": \"20261128-094210-api\"", json, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"api ✓\"", json, StringComparison.Ordinal);
        Assert.Contains("\"started\": \"2026-11-28T09:42:10.0000000Z\"", json, StringComparison.Ordinal);
        Assert.Equal(RunJson.Serialize(back), json);
        Assert.Equal(run.Command, back.Command);
        Assert.Equal(RunState.NoOp, back.Outcome);
    }

    [Theory]
    [InlineData(0, null, true, true, RunState.Succeeded)]
    [InlineData(0, null, false, true, RunState.NoOp)]
    [InlineData(3, null, true, true, RunState.Failed)]
    [InlineData(null, 9, true, true, RunState.Failed)]
    [InlineData(0, null, true, false, RunState.Failed)]
    public void The_outcome_follows_from_exit_and_verification(int? status, int? signal, bool changed, bool verifyPassed, RunState expected)
    {
        var v = new Verification(true, "h", changed ? [new CommitInfo("h", "s")] : [], "", [], [], "true", verifyPassed ? 0 : 1, "", null);
        Assert.Equal(expected, RunStates.Outcome(new RunExit(status, signal), v));
    }

    [Fact]
    public void Exits_say_status_or_signal_with_its_name()
    {
        Assert.Equal("exit 3", new RunExit(3, null).ToString());
        Assert.Equal("signal 9 (SIGKILL)", new RunExit(null, 9).ToString());
        Assert.Equal(137, new RunExit(null, 9).Code);
    }

    [Fact]
    public void A_handoff_counts_as_written_only_when_it_says_more_than_the_template()
    {
        var template = Briefs.HandoffTemplate("api", "r1");
        Assert.False(Briefs.IsFilled(template, "api", "r1"));
        Assert.False(Briefs.IsFilled(template.Replace("\n", "\r\n", StringComparison.Ordinal) + "\n\n", "api", "r1"));
        Assert.True(Briefs.IsFilled(template.Replace("## Next\n", "## Next\n- wire the retry\n", StringComparison.Ordinal), "api", "r1"));
    }
}
