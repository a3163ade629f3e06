using SessionTui.Core.Runs;

namespace SessionTui.Tests.Workcells;

public sealed class RunOutcomeTests
{
    private static readonly Verification NothingChanged = new(true, "h", [], "", [], [], null, null, null, null);

    public static TheoryData<string, RunExit, Verification, RunState> Table => new()
    {
        { "exit 0 with a commit", new RunExit(0, null), NothingChanged with { Commits = [new CommitInfo("a", "s")] }, RunState.Succeeded },
        { "exit 0 with only an uncommitted change", new RunExit(0, null), NothingChanged with { DiffStat = " a | 1 +" }, RunState.Succeeded },
        { "exit 0 with only an untracked file", new RunExit(0, null), NothingChanged with { Untracked = ["n"] }, RunState.Succeeded },
        { "exit 0 and verify passed", new RunExit(0, null), NothingChanged with { Untracked = ["n"], VerifyCommand = "true", VerifyExit = 0 }, RunState.Succeeded },
        { "exit 0 with nothing changed", new RunExit(0, null), NothingChanged, RunState.NoOp },
        { "exit 0 with nothing changed but verify passed", new RunExit(0, null), NothingChanged with { VerifyCommand = "true", VerifyExit = 0 }, RunState.NoOp },
        { "exit 0 outside git", new RunExit(0, null), NothingChanged with { Git = false }, RunState.Succeeded },
        { "exit 3 with a commit", new RunExit(3, null), NothingChanged with { Commits = [new CommitInfo("a", "s")] }, RunState.Failed },
        { "exit 3 with nothing", new RunExit(3, null), NothingChanged, RunState.Failed },
        { "a signal", new RunExit(null, 9), NothingChanged with { Commits = [new CommitInfo("a", "s")] }, RunState.Failed },
        { "verify failed", new RunExit(0, null), NothingChanged with { Commits = [new CommitInfo("a", "s")], VerifyCommand = "false", VerifyExit = 1 }, RunState.Failed },
        { "verify timed out", new RunExit(0, null), NothingChanged with { Commits = [new CommitInfo("a", "s")], VerifyCommand = "sleep 9", VerifyExit = 124 }, RunState.Failed },
        { "verify could not run", new RunExit(0, null), NothingChanged with { Commits = [new CommitInfo("a", "s")], VerifyCommand = "x", Error = "no verify.sh" }, RunState.Failed },
        { "a forbidden path", new RunExit(0, null), NothingChanged with { Commits = [new CommitInfo("a", "s")], ForbiddenChanges = ["secrets/a"] }, RunState.Failed },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_outcome_follows_the_exit_and_the_verification(string because, RunExit exit, Verification verification, RunState expected)
    {
        // Given an agent's exit and what verification found
        // When the outcome is decided
        // Then it is the one of the table's row
        Assert.True(RunStates.Outcome(exit, verification) == expected, because);
    }
}
