using System.Diagnostics;
using System.Runtime.Versioning;
using SessionTui.Core.Runs;
using SessionTui.Tmux;
using SessionTui.Workcells.Verifying;

namespace SessionTui.IntegrationTests.Workcells.Verification;

/// <summary>Verification against a real git and /bin/sh in temp folders: a fake agent's effects, verify commands that
/// pass, fail and time out, forbidden paths, and the places git is not.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class VerifierTests : IDisposable
{
    private readonly GitSandbox _box = new();
    private readonly Verifier _verifier = new(new ProcessRunner());

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task Two_commits_are_listed_oldest_first_and_a_clean_tree_has_no_changes()
    {
        // Given a repository at a base commit, and an agent that made two commits
        var start = _box.Commit("README.md", "initial");
        _box.Commit("a.txt", "first change");
        var head = _box.Commit("b.txt", "second\tchange");

        // When the run is verified without a verify command
        var v = await _verifier.VerifyAsync(Request(start));

        // Then git is seen, HEAD is the last commit, both commits are listed oldest first, nothing else changed
        Assert.True(v.Git);
        Assert.Equal(head, v.Head);
        Assert.Equal(["first change", "second\tchange"], v.Commits.Select(c => c.Subject));
        Assert.Equal(40, v.Commits[0].Sha.Length);
        Assert.Equal("", v.DiffStat);
        Assert.Empty(v.Untracked);
        Assert.Empty(v.ForbiddenChanges);
        Assert.Null(v.VerifyCommand);
        Assert.Null(v.VerifyExit);
        Assert.Null(v.Error);
        Assert.Equal(RunState.Succeeded, RunStates.Outcome(new RunExit(0, null), v));
    }

    [Fact]
    public async Task A_dirty_change_and_an_oddly_named_untracked_file_come_back_exactly()
    {
        // Given an agent that changed a tracked file and left an untracked one with a space, a quote and unicode
        var start = _box.Commit("a.txt", "initial", "one\n");
        _box.Write("a.txt", "two\n");
        const string odd = "notes dir/it's \"new\" ü 日本.md";
        _box.Write(odd);

        // When verified from a subfolder of the repository
        Directory.CreateDirectory(Path.Join(_box.Repo, "sub"));
        var v = await _verifier.VerifyAsync(Request(start) with { Cwd = Path.Join(_box.Repo, "sub") });

        // Then the diff stat is git's, and the untracked path is repository-relative and verbatim
        Assert.Contains("a.txt | 2 +-", v.DiffStat, StringComparison.Ordinal);
        Assert.EndsWith("1 file changed, 1 insertion(+), 1 deletion(-)", v.DiffStat, StringComparison.Ordinal);
        Assert.Equal([odd], v.Untracked);
        Assert.Empty(v.Commits);
    }

    [Fact]
    public async Task An_agent_that_did_nothing_is_a_no_op()
    {
        var start = _box.Commit("a.txt", "initial");

        var v = await _verifier.VerifyAsync(Request(start));

        Assert.False(v.ChangedAnything);
        Assert.Equal(start, v.Head);
        Assert.Equal(RunState.NoOp, RunStates.Outcome(new RunExit(0, null), v));
    }

    [Fact]
    public async Task A_passing_verify_command_logs_everything_and_keeps_the_tail()
    {
        // Given a verify script that writes to stdout and stderr in the run's cwd
        var start = _box.Commit("a.txt", "initial");
        _box.VerifyScript("echo \"in $(basename \"$PWD\")\"; echo to-stderr >&2; echo \"run $SESSIONTUI_RUN_ID\"");

        // When verified
        var v = await _verifier.VerifyAsync(Request(start, "make test") with
        {
            VerifyEnvironment = new Dictionary<string, string?> { ["SESSIONTUI_RUN_ID"] = "r1" },
        });

        // Then it passed, and the log and the tail hold the interleaved output
        Assert.Equal((0, true), (v.VerifyExit, v.VerifyPassed));
        Assert.Equal("make test", v.VerifyCommand);
        Assert.Equal("in repo dir ü\nto-stderr\nrun r1", v.VerifyTail);
        Assert.Equal("in repo dir ü\nto-stderr\nrun r1\n", File.ReadAllText(Path.Join(_box.RunDir, "verify.log")));
    }

    [Fact]
    public async Task A_failing_verify_command_keeps_its_exit_and_last_fifty_lines()
    {
        var start = _box.Commit("a.txt", "initial");
        _box.VerifyScript("i=1; while [ $i -le 80 ]; do echo line $i; i=$((i+1)); done; exit 3");

        var v = await _verifier.VerifyAsync(Request(start, "./check"));

        Assert.Equal(3, v.VerifyExit);
        Assert.False(v.Passed);
        var tail = v.VerifyTail!.Split('\n');
        Assert.Equal(50, tail.Length);
        Assert.Equal(("line 31", "line 80"), (tail[0], tail[^1]));
        Assert.Equal(80, File.ReadAllLines(Path.Join(_box.RunDir, "verify.log")).Length);
    }

    [Fact]
    public async Task A_verify_command_that_runs_too_long_is_killed_and_recorded_as_124()
    {
        // Given a verify command that sleeps 5 s and a 1 s timeout
        var start = _box.Commit("a.txt", "initial");
        _box.VerifyScript("sleep 5");
        var clock = Stopwatch.StartNew();

        // When verified
        var v = await _verifier.VerifyAsync(Request(start, "sleep 5") with { VerifyTimeout = TimeSpan.FromSeconds(1) });

        // Then it is stopped after about a second, exit 124, and the tail and the log say it timed out
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), clock.Elapsed.ToString());
        Assert.Equal(124, v.VerifyExit);
        Assert.Contains("timed out after 1 s", v.VerifyTail, StringComparison.Ordinal);
        Assert.Contains("timed out after 1 s", File.ReadAllText(Path.Join(_box.RunDir, "verify.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_verify_script_is_an_error_and_fails_verification()
    {
        var start = _box.Commit("a.txt", "initial");

        var v = await _verifier.VerifyAsync(Request(start, "make test"));

        Assert.Null(v.VerifyExit);
        Assert.False(v.Passed);
        Assert.StartsWith("the verify command did not run: ", v.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_committed_change_under_a_forbidden_path_fails_even_when_renamed_or_removed_again()
    {
        // Given rules at the base commit, and a run that commits a key, one that renames a protected file away, and one
        // that adds and removes another key
        _box.Commit(ForbiddenPaths.RulesFile, "rules", "# no secrets\nsecrets/**\n");
        var start = _box.Commit("secrets/old.key", "old key");
        _box.Commit("secrets/new.key", "add a key");
        _box.Git("mv", "secrets/old.key", "public.key");
        _box.Git("commit", "-q", "-m", "move it");
        _box.Commit("secrets/brief.key", "add another");
        _box.Git("rm", "-q", "secrets/brief.key");
        _box.Git("commit", "-q", "-m", "remove it again");

        // When verified
        var v = await _verifier.VerifyAsync(Request(start));

        // Then every forbidden path the run touched is named, and verification fails
        Assert.Equal(["secrets/brief.key", "secrets/new.key", "secrets/old.key"], v.ForbiddenChanges);
        Assert.False(v.Passed);
    }

    [Fact]
    public async Task An_untracked_file_matching_a_rule_is_a_forbidden_change()
    {
        var start = _box.Commit(ForbiddenPaths.RulesFile, "rules", "*.pem\n");
        _box.Write("deep/dir/server key ü.pem");
        _box.Write("deep/dir/notes.txt");

        var v = await _verifier.VerifyAsync(Request(start));

        Assert.Equal(["deep/dir/server key ü.pem"], v.ForbiddenChanges);
    }

    [Fact]
    public async Task A_run_cannot_loosen_its_rules_by_editing_the_rules_file()
    {
        // Given rules at the base, and a run that empties the rules file, commits that, and commits a secret
        var start = _box.Commit(ForbiddenPaths.RulesFile, "rules", "secrets/**\n");
        _box.Commit(ForbiddenPaths.RulesFile, "loosen the rules", "");
        _box.Commit("secrets/a.key", "add a key");

        // When verified
        var v = await _verifier.VerifyAsync(Request(start));

        // Then the base's rules still apply, and the rules file's own change is not forbidden (no rule matches it)
        Assert.Equal(["secrets/a.key"], v.ForbiddenChanges);
    }

    [Fact]
    public async Task Extra_rules_add_to_the_repository_rules_and_can_cover_the_rules_file()
    {
        var start = _box.Commit(ForbiddenPaths.RulesFile, "rules", "secrets/**\n");
        _box.Write(ForbiddenPaths.RulesFile, "");
        _box.Write("a.env");

        var v = await _verifier.VerifyAsync(Request(start) with { ExtraForbiddenRules = ["*.env", ".sessiontui/"] });

        Assert.Equal([ForbiddenPaths.RulesFile, "a.env"], v.ForbiddenChanges);
    }

    [Fact]
    public async Task On_an_unborn_branch_staged_files_count_and_the_work_tree_rules_apply()
    {
        // Given a repository without a commit (no base), a rules file in the work tree, and staged files
        _box.Write(ForbiddenPaths.RulesFile, "*.key\n");
        _box.Write("a.key");
        _box.Write("b.txt");
        _box.Git("add", "a.key", "b.txt");

        // When verified
        var v = await _verifier.VerifyAsync(Request(null));

        // Then there is no HEAD and no commit, the staged files show in the diff stat, the rules file is untracked, and
        // the staged key is forbidden
        Assert.Null(v.Head);
        Assert.Empty(v.Commits);
        Assert.Contains("2 files changed", v.DiffStat, StringComparison.Ordinal);
        Assert.Equal([ForbiddenPaths.RulesFile], v.Untracked);
        Assert.Equal(["a.key"], v.ForbiddenChanges);
        Assert.Null(v.Error);
    }

    [Fact]
    public async Task Without_a_base_every_commit_is_the_runs()
    {
        _box.Commit("a.txt", "one");
        _box.Commit("b.txt", "two");

        var v = await _verifier.VerifyAsync(Request(null));

        Assert.Equal(["one", "two"], v.Commits.Select(c => c.Subject));
    }

    [Fact]
    public async Task Outside_git_the_git_fields_are_empty_and_the_verify_command_still_runs()
    {
        // Given a folder in no repository
        using var plain = new GitSandbox(git: false);
        File.WriteAllText(Path.Join(plain.Repo, "file.txt"), "x");
        File.WriteAllText(Path.Join(plain.RunDir, "verify.sh"), "exec 2>&1\ntest -f file.txt && echo found\n");

        // When verified
        var v = await _verifier.VerifyAsync(new VerifyRequest(plain.Repo, null, plain.RunDir, "test -f file.txt"));

        // Then nothing about git is claimed, no error, and the verify command ran there
        Assert.False(v.Git);
        Assert.Null(v.Head);
        Assert.Empty(v.Commits);
        Assert.Empty(v.Untracked);
        Assert.Null(v.Error);
        Assert.Equal((0, "found"), (v.VerifyExit, v.VerifyTail));
    }

    [Fact]
    public async Task A_missing_cwd_is_an_error_not_an_exception()
    {
        _box.VerifyScript("true");

        var v = await _verifier.VerifyAsync(Request(null, "true") with { Cwd = Path.Join(_box.Repo, "gone") });

        Assert.False(v.Git);
        Assert.Contains("does not exist", v.Error, StringComparison.Ordinal);
        Assert.Null(v.VerifyExit);
        Assert.False(v.Passed);
    }

    [Fact]
    public async Task A_missing_git_is_an_error_and_the_verify_command_still_runs()
    {
        // Given a runner that cannot find git
        var start = _box.Commit("a.txt", "initial");
        _box.VerifyScript("echo ok");
        var verifier = new Verifier(new NoGitRunner(new ProcessRunner()));

        // When verified
        var v = await verifier.VerifyAsync(Request(start, "echo ok"));

        // Then the error says so, git facts are empty, and the verify command ran
        Assert.Equal("git is not on PATH: commits and changes were not checked", v.Error);
        Assert.False(v.Git);
        Assert.Equal(0, v.VerifyExit);
    }

    [Fact]
    public async Task A_base_commit_from_elsewhere_is_an_error_with_the_facts_read_so_far()
    {
        var head = _box.Commit("a.txt", "initial");

        var v = await _verifier.VerifyAsync(Request(new string('1', 40)));

        Assert.True(v.Git);
        Assert.Equal(head, v.Head);
        Assert.StartsWith("git log failed (exit 128): fatal:", v.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_is_not_turned_into_an_error()
    {
        var start = _box.Commit("a.txt", "initial");
        _box.VerifyScript("sleep 5");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _verifier.VerifyAsync(Request(start, "sleep 5"), cts.Token));
    }

    private VerifyRequest Request(string? baseCommit, string? verify = null) => new(_box.Repo, baseCommit, _box.RunDir, verify);

    /// <summary>Runs everything through <paramref name="inner"/> but git, which it reports missing, as the real runner does.</summary>
    private sealed class NoGitRunner(IProcessRunner inner) : IProcessRunner
    {
        public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default) =>
            spec.FileName == "git" ? throw new ExecutableNotFoundException("git") : inner.RunAsync(spec, cancellationToken);

        public Task<int> RunInteractiveAsync(ProcessSpec spec, CancellationToken cancellationToken = default) =>
            inner.RunInteractiveAsync(spec, cancellationToken);
    }
}
