using SessionTui.Core.Runs;
using SessionTui.Tmux;
using SessionTui.Workcells.Diagnosing;
using SessionTui.Workcells.Loops;
using SessionTui.Workcells.Pipelines;
using SessionTui.Workcells.Verifying;

namespace SessionTui.Workcells;

/// <summary>The workcell parts one command or the wall uses, made together by the composition root.</summary>
public sealed class WorkcellServices
{
    /// <summary>Makes the parts.</summary>
    /// <param name="tmux">tmux client.</param>
    /// <param name="runner">Runs git, the verify and on-exit commands.</param>
    /// <param name="store">The database, or null without one.</param>
    /// <param name="dbPath">Its path for the hooks, or null.</param>
    /// <param name="paths">Folders and the stable socket.</param>
    /// <param name="config">The user's configuration.</param>
    /// <param name="self">How hooks start <c>sessiontui</c>.</param>
    /// <param name="clock">UTC clock.</param>
    /// <param name="getEnv">Reads the environment.</param>
    /// <param name="warn">Receives one line per database write that failed.</param>
    public WorkcellServices(TmuxClient tmux, IProcessRunner runner, IRunStore? store, string? dbPath, WorkcellPaths paths, WorkcellConfig config, SelfCommand self, TimeProvider clock, Func<string, string?> getEnv, Action<string> warn)
    {
        Store = store;
        Paths = paths;
        Config = config;
        Ledger = new RunLedger(store, warn);
        Rules = new DiagnosisRules(paths.ConfigDir, warn);
        Launcher = new WorkcellLauncher(tmux, runner, Ledger, dbPath, paths, config, self, clock, getEnv);
        Completion = new RunCompletion(tmux, runner, Ledger, config, clock, Checks(runner, config, clock, Rules));
        Reconciler = new RunReconciler(tmux, Completion, store, clock);
        Loops = new LoopLauncher(Launcher, tmux, paths, self, dbPath, clock);
        Pipelines = new PipelineLauncher(Loops);
        Self = self;
        DbPath = dbPath;
        Tmux = tmux;
        Runner = runner;
        Clock = clock;
    }

    /// <summary>Starts loops and guards their locks.</summary>
    public LoopLauncher Loops { get; }

    /// <summary>Starts and resumes pipelines.</summary>
    public PipelineLauncher Pipelines { get; }

    /// <summary>How tmux and windows start <c>sessiontui</c>.</summary>
    public SelfCommand Self { get; }

    /// <summary>The database path the runners record into, or null.</summary>
    public string? DbPath { get; }

    /// <summary>tmux client.</summary>
    public TmuxClient Tmux { get; }

    /// <summary>Runs git and the verify commands.</summary>
    public IProcessRunner Runner { get; }

    /// <summary>UTC clock.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The database, or null.</summary>
    public IRunStore? Store { get; }

    /// <summary>Folders and the stable socket.</summary>
    public WorkcellPaths Paths { get; }

    /// <summary>Agent presets and per-repository settings.</summary>
    public WorkcellConfig Config { get; }

    /// <summary>Status files and database rows together.</summary>
    public RunLedger Ledger { get; }

    /// <summary>Launch and resume.</summary>
    public WorkcellLauncher Launcher { get; }

    /// <summary>The state rules the diagnosis of an ended run reads its last screen with.</summary>
    public DiagnosisRules Rules { get; }

    /// <summary>Recording ends.</summary>
    public RunCompletion Completion { get; }

    /// <summary>Ends found by observation.</summary>
    public RunReconciler Reconciler { get; }

    private static RunChecks Checks(IProcessRunner runner, WorkcellConfig config, TimeProvider clock, DiagnosisRules rules) => new(
        (run, verify, ct) => new Verifier(runner).VerifyAsync(run, verify, config.RepoFor(run.Cwd).ForbiddenPaths, TimeSpan.FromSeconds(config.VerifyTimeoutSeconds), ct),
        (state, exit, verification, screen, run) =>
        {
            var now = clock.GetUtcNow();
            var verdict = state is RunState.Failed or RunState.Killed ? rules.Read(screen, now) : null;
            return Diagnoser.Diagnose(state, exit, verification, screen, run, now, TimeZoneInfo.Local, verdict);
        });
}
