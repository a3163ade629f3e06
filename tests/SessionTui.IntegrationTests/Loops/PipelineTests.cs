using System.Runtime.Versioning;
using System.Text.Json;
using SessionTui.Core.Runs;
using SessionTui.IntegrationTests.Support;
using SessionTui.IntegrationTests.Workcells;
using SessionTui.Storage;

namespace SessionTui.IntegrationTests.Loops;

/// <summary>
/// Pipelines end to end (<c>sessiontui pipeline run|status|resume</c>) with fake providers on a temporary repository: a
/// plan stage, a parallel block of two providers each in its own window and worktree, and a merge stage that reads the
/// block's outputs.
/// </summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
public sealed class PipelineTests : IDisposable
{
    /// <summary>A provider: with open checklist items, checks one and commits (from its second iteration, for a minute, while the file
    /// <c>slow</c> exists); always writes its result to the output file it is given.</summary>
    private static string Provider(string slow) => $$"""
        n=$SESSIONTUI_ITERATION
        me=$(basename "$0" .sh)
        echo "$me: iteration $n"
        if [ -n "$SESSIONTUI_PRD" ] && grep -q -- '- \[ \]' "$SESSIONTUI_PRD"; then
          if [ -f '{{slow}}' ] && [ "$n" -ge 2 ]; then sleep 60; fi
          echo "$me $n" > "note-$me-$n.txt"
          sed -i '0,/- \[ \]/s//- [x]/' "$SESSIONTUI_PRD"
          git add -A && git commit -qm "review $n by $me"
        fi
        case "$1" in *"Output of stage"*) echo "$1" > "$2.inputs" ;; esac
        echo "result of $me after iteration $n" > "$2"
        """;

    private readonly WorkcellFixture _w = new();

    /// <inheritdoc />
    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task A_pipeline_with_a_parallel_block_killed_mid_way_resumes_without_redoing_finished_work()
    {
        var repo = _w.Repo();
        File.WriteAllText(Path.Join(repo, "REVIEW.md"), "# Review\n\n- [ ] look at A\n- [ ] look at B\n- [ ] look at C\n");
        _w.Git(repo, "add", "REVIEW.md");
        _w.Git(repo, "commit", "-q", "-m", "checklist");
        var slow = Path.Join(_w.Home, "slow");
        File.WriteAllText(slow, "");
        var claude = _w.Agent("claude.sh", Provider(slow));
        var codex = _w.Agent("codex.sh", Provider(slow));
        var dir = Path.Join(_w.Home, "pipeline");
        Directory.CreateDirectory(Path.Join(dir, "prompts"));
        File.WriteAllText(Path.Join(dir, "prompts", "plan.md"), "Plan the review. Write it to {output}.\n");
        File.WriteAllText(Path.Join(dir, "prompts", "review.md"), "Review with the plan:\n\n{inputs}\n");
        File.WriteAllText(Path.Join(dir, "prompts", "merge.md"), "Merge the reviews:\n\n{inputs}\n");
        var file = Path.Join(dir, "refine.yaml");
        File.WriteAllText(file, $$"""
            version: 1
            name: refine
            stages:
              - id: plan
                prompt: prompts/plan.md
                command: ["{{claude}}", "{prompt}", "{output}"]
              - parallel:
                  id: review
                  stages:
                    - id: review-claude
                      prompt: prompts/review.md
                      checklist: REVIEW.md
                      command: ["{{claude}}", "{prompt}", "{output}"]
                      inputs: [plan]
                    - id: review-codex
                      prompt: prompts/review.md
                      checklist: REVIEW.md
                      command: ["{{codex}}", "{prompt}", "{output}"]
                      inputs: [plan]
              - id: merge
                prompt: prompts/merge.md
                command: ["{{claude}}", "{prompt}", "{output}"]
                inputs: [review]
            """);

        var started = await _w.Run(["pipeline", "run", file, "billing", "--cwd", repo, "--json"]);
        var first = WorkcellFixture.Json(started).GetProperty("run_id").GetString()!;
        var runDir = Path.Join(_w.RunsDir, first);
        var claudeDir = Path.Join(runDir, "stages", "review", "review-claude");
        var codexDir = Path.Join(runDir, "stages", "review", "review-codex");

        // Both providers run in windows of their own and make their first commit; the second iteration hangs. Kill it.
        TmuxTestServer.WaitUntil(() => Ended(claudeDir, 1) && Ended(codexDir, 1), TimeSpan.FromSeconds(60), "both providers to finish iteration 1");
        Assert.Contains("review-claude", _w.Tmux("list-windows", "-t", "=billing", "-F", "#{window_name}"), StringComparison.Ordinal);
        Assert.Equal(0, (await _w.Run("kill", "--yes", "billing")).ExitCode);
        var killed = _w.WaitEnded(first);
        Assert.Equal(RunState.Killed, killed.State);
        TmuxTestServer.WaitUntil(() => _w.Status(first).Pipeline!.State == "killed", TimeSpan.FromSeconds(10), "the pipeline to be killed");
        var status = await _w.Run("pipeline", "status", "billing", "--json");
        using (var doc = JsonDocument.Parse(status.StandardOutput))
        {
            var steps = doc.RootElement.GetProperty("state").GetProperty("steps");
            Assert.Equal("done", steps[0].GetProperty("state").GetString());
            Assert.NotEqual("done", steps[1].GetProperty("state").GetString());
        }

        // Resume: the plan is not run again, each provider goes on after its last finished iteration, merge reads both.
        File.Delete(slow);
        var resumed = await _w.Run("pipeline", "resume", "billing", "--json");
        var second = WorkcellFixture.Json(resumed).GetProperty("run_id").GetString()!;
        var run = _w.WaitEnded(second, TimeSpan.FromSeconds(90));
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal("completed", run.Pipeline!.State);
        Assert.Equal(first, run.ParentRunId);

        using var store = SqliteHistoryStore.OpenReadOnly(_w.Db);
        Assert.Single(store.ListIterations(first + ".plan"));
        foreach (var stage in new[] { "review-claude", "review-codex" })
        {
            var iterations = store.ListIterations(first + "." + stage);
            Assert.Equal([1, 2, 3, 4], iterations.Select(i => i.Number));
            Assert.Equal(IterationState.Killed, iterations[1].State);
            Assert.Equal(3, iterations.Count(i => i.Progress));
            Assert.Equal(LoopState.Completed, RunJson.Deserialize(File.ReadAllText(Path.Join(runDir, "stages", "review", stage, "status.json"))).Loop!.State);
        }

        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Join(runDir, "stages", "review", "manifest.json"))).RootElement;
        Assert.Equal(["review-claude", "review-codex"], manifest.GetProperty("stages").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.All(manifest.GetProperty("stages").EnumerateArray(), e => Assert.Equal(3, e.GetProperty("done").GetInt32()));
        var mergeInputs = File.ReadAllText(Path.Join(runDir, "stages", "merge", "output.md.inputs"));
        Assert.Contains("result of claude after iteration 4", mergeInputs, StringComparison.Ordinal);
        Assert.Contains("result of codex after iteration 4", mergeInputs, StringComparison.Ordinal);

        // Each provider committed on its own branch; the main checkout's checklist is untouched.
        Assert.Contains("review 4 by codex", _w.Git(repo, "log", "--format=%s", $"sessiontui/{first}/review-codex"), StringComparison.Ordinal);
        Assert.DoesNotContain("[x]", File.ReadAllText(Path.Join(repo, "REVIEW.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_pipeline_file_is_refused_with_every_error_and_its_line()
    {
        var repo = _w.Repo();
        var file = Path.Join(_w.Home, "bad.yaml");
        File.WriteAllText(file, "version: 1\nstages:\n  - id: a\n    promt: missing.md\n  - id: b\n    prompt: nowhere.md\n    inputs: [b]\n");
        var result = await _w.Run("pipeline", "run", file, "bad", "--cwd", repo);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(file + ":4:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(file + ":6:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("cycle", result.StandardError, StringComparison.Ordinal);
    }

    private static bool Ended(string stageDir, int number)
    {
        var path = Path.Join(stageDir, "iterations", number.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), "status.json");
        try
        {
            return File.Exists(path) && RunJson.DeserializeIteration(File.ReadAllText(path)).State == IterationState.Ended;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return false;
        }
    }
}
