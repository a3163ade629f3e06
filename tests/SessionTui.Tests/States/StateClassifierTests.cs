using SessionTui.Core;
using SessionTui.Workcells.States;

namespace SessionTui.Tests.States;

/// <summary>The agent-state classifier on the labelled samples of ../shared/agent-states (a test per file), the rules
/// outside the screen (tmux, freshness), and the rule files (built-in, user overrides, errors).</summary>
public sealed class StateClassifierTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly StateClassifier Builtin = new(StateRules.BuiltIn(), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));

    /// <summary>Every sample file's name.</summary>
    public static TheoryData<string> Samples() => [.. Directory.GetFiles(SamplesDir(), "*.txt").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_shared_sample_classifies_as_labelled(string file)
    {
        var (expect, title, screen) = Read(file);

        var verdict = Builtin.Classify(new PaneFacts(screen, title, false, null, null, TimeSpan.FromSeconds(5)), Now, TimeZoneInfo.Utc);

        Assert.True(expect == verdict.State, $"{file}: expected {AgentStates.Text(expect)}, got {AgentStates.Text(verdict.State)} by {verdict.Rule}: {string.Join(" / ", verdict.Lines)}");
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_shared_sample_classifies_as_labelled_when_tmux_names_its_agents_program_too(string file)
    {
        // Given the sample's agent as #{pane_current_command} (its file name's prefix: claude, codex, aider, gemini)
        var (expect, title, screen) = Read(file);
        var command = file[..file.IndexOf('-', StringComparison.Ordinal)];

        var verdict = Builtin.Classify(new PaneFacts(screen, title, false, null, null, TimeSpan.FromSeconds(5)) { Command = command }, Now, TimeZoneInfo.Utc);

        // Then only its own rule file (and the generic one) read it, with the same result
        Assert.True(expect == verdict.State, $"{file} as {command}: expected {AgentStates.Text(expect)}, got {AgentStates.Text(verdict.State)} by {verdict.Rule}");
        Assert.True(verdict.Rule.StartsWith(command + ".", StringComparison.Ordinal) || verdict.Rule.StartsWith("generic.", StringComparison.Ordinal) || verdict.Source is "freshness", verdict.Rule);
    }

    [Fact]
    public void A_pane_whose_program_names_another_agent_is_not_read_by_claudes_rules_and_a_shell_is_read_by_all()
    {
        // Given Claude's permission dialog on screen
        var (_, title, screen) = Read("claude-waiting-permission.txt");
        StateVerdict As(string command) => Builtin.Classify(new PaneFacts(screen, title, false, null, null, TimeSpan.FromSeconds(5)) { Command = command }, Now, TimeZoneInfo.Utc);

        // Then under codex no claude rule decides it; under bash (Claude running a Bash tool) or node, Claude's rule does
        Assert.DoesNotContain("claude.", As("codex").Rule, StringComparison.Ordinal);
        Assert.Equal("claude.waiting.dialog-footer", As("bash").Rule);
        Assert.Equal("claude.waiting.dialog-footer", As("node").Rule);
        Assert.Equal("claude.waiting.dialog-footer", As("claude").Rule);
        Assert.Equal(["claude"], StateRules.BuiltIn().Single(f => f.Name == "claude").Commands);
    }

    [Theory]
    [InlineData("claude-usage-limit.txt", "claude.limit.usage", "2026-11-28T15:00:00Z")]
    [InlineData("gemini-usage-limit.txt", "gemini.limit.usage", "2026-11-28T23:30:00Z")]
    public void A_limit_names_its_rule_the_banner_and_the_reset_time(string file, string rule, string resets)
    {
        var (_, title, screen) = Read(file);

        var verdict = Builtin.Classify(new PaneFacts(screen, title, false, null, null, TimeSpan.FromSeconds(5)), Now, TimeZoneInfo.Utc);

        Assert.Equal(rule, verdict.Rule);
        Assert.Equal(DateTimeOffset.Parse(resets, System.Globalization.CultureInfo.InvariantCulture), verdict.ResetsAt);
        Assert.Contains(verdict.Lines, l => l.Contains("limit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Quoted_markers_in_tool_output_and_prose_do_not_flip_the_state()
    {
        var (_, title, screen) = Read("claude-negative-quoted-markers.txt");

        var verdict = Builtin.Classify(new PaneFacts(screen, title, false, null, null, TimeSpan.FromSeconds(5)), Now, TimeZoneInfo.Utc);

        Assert.Equal(("claude.idle.completed", AgentState.Idle), (verdict.Rule, verdict.State));
    }

    [Fact]
    public void Tmux_decides_exited_and_dead_before_any_screen_rule()
    {
        var (_, title, screen) = Read("claude-working.txt");

        var exited = Builtin.Classify(new PaneFacts(screen, title, true, 3, null, TimeSpan.Zero), Now, TimeZoneInfo.Utc);
        var dead = Builtin.Classify(new PaneFacts(screen, title, true, null, 9, TimeSpan.Zero), Now, TimeZoneInfo.Utc);

        Assert.Equal((AgentState.Exited, 3, "tmux.exited"), (exited.State, exited.ExitStatus, exited.Rule));
        Assert.Equal((AgentState.Dead, "tmux.dead"), (dead.State, dead.Rule));
    }

    [Fact]
    public void Working_without_an_output_change_for_the_stuck_time_is_stuck()
    {
        var (_, title, screen) = Read("codex-working.txt");

        var verdict = Builtin.Classify(new PaneFacts(screen, title, false, null, null, TimeSpan.FromMinutes(11)), Now, TimeZoneInfo.Utc);

        Assert.Equal(AgentState.Stuck, verdict.State);
        Assert.StartsWith("freshness.stuck (codex.working.status)", verdict.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void A_screen_no_rule_reads_is_working_while_it_changes_and_idle_once_quiet()
    {
        var changing = Builtin.Classify(new PaneFacts("compiling 42%\n", "", false, null, null, TimeSpan.FromSeconds(2)), Now, TimeZoneInfo.Utc);
        var quiet = Builtin.Classify(new PaneFacts("compiling 42%\n", "", false, null, null, TimeSpan.FromMinutes(5)), Now, TimeZoneInfo.Utc);

        Assert.Equal((AgentState.Working, "freshness.changing"), (changing.State, changing.Rule));
        Assert.Equal((AgentState.Idle, "freshness.quiet"), (quiet.State, quiet.Rule));
    }

    [Fact]
    public void A_users_rule_file_replaces_the_built_in_one_of_the_same_name_and_may_add_kinds()
    {
        var dir = Directory.CreateTempSubdirectory("stui-states-").FullName;
        try
        {
            // A new Claude wording for the working state, and a new agent kind.
            File.WriteAllText(Path.Join(dir, "claude.json"), """{ "rules": [ { "id": "mine.claude.brewing", "state": "working", "screen": "^\\s*☕ Brewing", "lines": 3 } ] }""");
            File.WriteAllText(Path.Join(dir, "amp.json"), """{ "rules": [ { "id": "amp.limit", "state": "rate-limited", "screen": "^Out of free credits" } ] }""");
            var classifier = new StateClassifier(StateRules.Load(dir), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));

            var brewing = classifier.Classify(new PaneFacts("☕ Brewing the answer\n", "", false, null, null, TimeSpan.FromMinutes(5)), Now, TimeZoneInfo.Utc);
            var amp = classifier.Classify(new PaneFacts("Out of free credits\n", "", false, null, null, TimeSpan.FromMinutes(5)), Now, TimeZoneInfo.Utc);
            var (_, title, screen) = Read("claude-idle.txt");
            var builtInGone = classifier.Classify(new PaneFacts(screen, title, false, null, null, TimeSpan.FromMinutes(5)), Now, TimeZoneInfo.Utc);

            Assert.Equal(("mine.claude.brewing", Path.Join(dir, "claude.json")), (brewing.Rule, brewing.Source));
            Assert.Equal(AgentState.RateLimited, amp.State);
            Assert.NotEqual("claude.idle.completed", builtInGone.Rule);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("""{ "rules": [ { "id": "a", "state": "busy", "screen": "x" } ] }""", "rule 'a': \"state\" must be one of")]
    [InlineData("""{ "rules": [ { "id": "a", "state": "idle", "screen": "(" } ] }""", "rule 'a': bad regex (")]
    [InlineData("""{ "rules": [ { "id": "a", "state": "idle", "screen": "x", "title": "y" } ] }""", "give exactly one of")]
    [InlineData("""{ "rules": [ { "id": "a", "state": "idle", "screen": "x", "line": 3 } ] }""", "line")]
    [InlineData("""{ "rules": [ { "id": "a", "state": "idle", "screen": "x" }, { "id": "a", "state": "idle", "screen": "y" } ] }""", "unique \"id\"")]
    [InlineData("""{ "rules": [ { "id": "a", "state": "stuck", "screen": "x" } ] }""", "stuck, exited and dead come from tmux")]
    [InlineData("""{ "commands": ["/usr/bin/claude"], "rules": [] }""", "\"commands\" lists program names")]
    [InlineData("""{ "commands": [""], "rules": [] }""", "\"commands\" lists program names")]
    public void A_bad_rule_file_is_refused_naming_the_file_and_the_rule(string json, string message)
    {
        var e = Assert.Throws<StateRuleException>(() => StateRules.Parse("mine", "/cfg/states/mine.json", json));

        Assert.StartsWith("/cfg/states/mine.json", e.Message, StringComparison.Ordinal);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_built_in_rule_file_loads_with_unique_rule_ids()
    {
        var files = StateRules.BuiltIn();

        Assert.Equal(["aider", "claude", "codex", "cursor", "gemini", "generic", "opencode"], files.Select(f => f.Name));
        var ids = files.SelectMany(f => f.Rules).Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    private static (AgentState Expect, string Title, string Screen) Read(string file)
    {
        var lines = File.ReadAllLines(Path.Join(SamplesDir(), file));
        var header = lines.TakeWhile(l => l.StartsWith("# ", StringComparison.Ordinal)).ToList();
        var expect = header.Single(l => l.StartsWith("# expect: ", StringComparison.Ordinal))["# expect: ".Length..].Trim() switch
        {
            "waiting_input" => AgentState.Waiting,
            "rate_limited" => AgentState.RateLimited,
            "auth_failed" => AgentState.AuthFailed,
            "context_limit" => AgentState.ContextLimit,
            var word => AgentStates.TryParse(word, out var s) ? s : throw new InvalidOperationException(file + ": unknown label " + word),
        };
        var title = header.FirstOrDefault(l => l.StartsWith("# title: ", StringComparison.Ordinal))?["# title: ".Length..] ?? "";
        return (expect, title, string.Join('\n', lines.Skip(header.Count)));
    }

    private static string SamplesDir()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !Directory.Exists(Path.Join(dir, "..", "shared", "agent-states")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Join(dir ?? throw new InvalidOperationException("../shared/agent-states was not found beside the repository"), "..", "shared", "agent-states", "samples");
    }
}
