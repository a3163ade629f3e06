using SessionTui.Core.Runs;
using SessionTui.Workcells;
using SessionTui.Workcells.Cleanup;
using SessionTui.Workcells.Loops;

namespace SessionTui.Tests.Cleanup;

/// <summary>The state-folder side of cleanup: which folders under <c>runs/</c> are run folders, the lock files, and
/// removals that re-check what they remove.</summary>
public sealed class CleanupFilesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("stui-cleanup-").FullName;

    private string RunsDir => Path.Join(_dir, "runs");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Only_real_folders_whose_status_names_their_own_run_are_run_folders()
    {
        Write("20261001-100000-ok", Run("20261001-100000-ok", RunState.Succeeded, Now.AddDays(-50)));
        Write("20261001-100000-moved", Run("20261001-100000-other", RunState.Succeeded, Now.AddDays(-50)));
        Directory.CreateDirectory(Path.Join(RunsDir, "notes"));
        Directory.CreateDirectory(Path.Join(RunsDir, "launching"));
        File.WriteAllText(Path.Join(RunsDir, "launching", "status.json"), "");
        Directory.CreateDirectory(Path.Join(RunsDir, "garbled"));
        File.WriteAllText(Path.Join(RunsDir, "garbled", "status.json"), "{ nope");
        Directory.CreateSymbolicLink(Path.Join(RunsDir, "link"), Path.Join(RunsDir, "20261001-100000-ok"));

        var folders = CleanupFiles.RunFolders(RunsDir, null).ToDictionary(f => f.FolderName);

        Assert.Null(folders["20261001-100000-ok"].Problem);
        Assert.Equal("20261001-100000-ok", folders["20261001-100000-ok"].Run?.RunId);
        Assert.Equal("its status.json is run 20261001-100000-other's: not this folder's", folders["20261001-100000-moved"].Problem);
        Assert.Equal("no status.json: not a run folder", folders["notes"].Problem);
        Assert.Equal("empty status.json: a launch under way, or one that failed", folders["launching"].Problem);
        Assert.StartsWith("unreadable status.json: not a run folder", folders["garbled"].Problem, StringComparison.Ordinal);
        Assert.Equal("a symbolic link, not a run folder", folders["link"].Problem);
        Assert.All(folders.Values.Where(f => f.Problem is not null), f => Assert.Null(f.Run));
    }

    [Fact]
    public void A_run_that_an_active_run_resumes_is_marked_with_that_child()
    {
        Write("parent", Run("parent", RunState.Failed, Now.AddDays(-90)));
        Write("child", Run("child", RunState.Running, null) with { ParentRunId = "parent" });

        var folders = CleanupFiles.RunFolders(RunsDir, null).ToDictionary(f => f.FolderName);

        Assert.Equal("child", folders["parent"].ActiveChild);
        Assert.Null(folders["child"].ActiveChild);
    }

    [Fact]
    public void Removing_a_run_folder_deletes_it_and_records_the_removal_in_the_database()
    {
        var run = Run("gone", RunState.Succeeded, Now.AddDays(-40));
        Write("gone", run);
        var store = new MemoryRunStore();
        var facts = CleanupFiles.RunFolders(RunsDir, store).Single();

        var why = CleanupFiles.RemoveRunFolder(facts, new RunLedger(store, _ => { }), Now);

        Assert.Null(why);
        Assert.False(Directory.Exists(Path.Join(RunsDir, "gone")));
        Assert.Equal(Now, store.Saved.Single().FolderRemoved);
        Assert.Equal(RunState.Succeeded, store.Saved.Single().State);
    }

    [Fact]
    public void A_run_folder_that_changed_since_the_plan_stays()
    {
        Write("again", Run("again", RunState.Succeeded, Now.AddDays(-40)));
        var facts = CleanupFiles.RunFolders(RunsDir, null).Single();
        Write("again", Run("again", RunState.Succeeded, Now.AddDays(-1)));

        var why = CleanupFiles.RemoveRunFolder(facts, new RunLedger(null, _ => { }), Now);

        Assert.Equal("it changed since it was planned", why);
        Assert.True(File.Exists(Path.Join(RunsDir, "again", "status.json")));
    }

    [Fact]
    public void Lock_files_are_read_with_their_paths_and_an_unreadable_one_has_no_owner()
    {
        var locks = new LoopLock(Path.Join(_dir, "loops"));
        Assert.True(locks.TryTake(new LoopLockInfo("api fix", 42, Now, "run-1")));
        File.WriteAllText(Path.Join(locks.Dir, "broken-00000000.lock"), "{");

        var all = locks.ReadAll();

        Assert.Equal(2, all.Count);
        Assert.Contains(all, l => l.Path == locks.PathOf("api fix") && l.Info == new LoopLockInfo("api fix", 42, Now, "run-1"));
        Assert.Contains(all, l => l.Info is { Name: "broken-00000000.lock", OwnerPid: 0, RunId: null });
    }

    [Fact]
    public void A_lock_is_removed_only_while_it_holds_what_was_read()
    {
        var locks = new LoopLock(Path.Join(_dir, "loops"));
        var old = new LoopLockInfo("api", 42, Now, "run-1");
        Assert.True(locks.TryTake(old));
        var facts = new LockFacts(locks.PathOf("api"), old, "its run run-1 has ended");
        locks.Update(old with { RunId = "run-2" });

        Assert.Equal("another loop holds it now", CleanupFiles.RemoveLock(locks, facts));
        Assert.True(File.Exists(locks.PathOf("api")));

        locks.Update(old);
        Assert.Null(CleanupFiles.RemoveLock(locks, facts));
        Assert.False(File.Exists(locks.PathOf("api")));
        Assert.Null(CleanupFiles.RemoveLock(locks, facts));
    }

    private void Write(string folder, RunRecord run)
    {
        var dir = Path.Join(RunsDir, folder);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Join(dir, "status.json"), RunJson.Serialize(run));
        File.WriteAllText(Path.Join(dir, "agent.log"), "output\n");
    }

    private RunRecord Run(string id, RunState state, DateTimeOffset? ended) =>
        new RunRecord(id, "api", "/s", "workcells", "/src/api", ["/bin/a"], "a", "t", null, null, [], null, null, Path.Join(RunsDir, id), state, Now.AddDays(-100)) { Ended = ended };

    /// <summary>A run store that keeps what is saved.</summary>
    private sealed class MemoryRunStore : IRunStore
    {
        public List<RunRecord> Saved { get; } = [];

        public void SaveRun(RunRecord run) => Saved.Add(run);

        public void DeleteRun(string runId) => throw new NotSupportedException();

        public RunRecord? FindRun(string runIdOrName) => Saved.LastOrDefault(r => r.RunId == runIdOrName);

        public IReadOnlyList<RunRecord> ListRuns(int limit, RunState? state = null) => Saved;

        public IReadOnlyList<RunRecord> ActiveRuns() => [];

        public IReadOnlyList<RunRecord> ChildRuns(string runId) => [];

        public void SaveHandoff(string runId, DateTimeOffset at, string content) => throw new NotSupportedException();

        public string? LoadHandoff(string runId) => null;

        public void SaveIteration(IterationRecord iteration) => throw new NotSupportedException();

        public IReadOnlyList<IterationRecord> ListIterations(string runId) => [];

        public IReadOnlyList<RunRecord> ListLoops(int limit) => [];
    }
}
