using System.Collections.Immutable;
using System.Globalization;
using SessionTui.Core.Runs;

namespace SessionTui.Core;

/// <summary>How a run badge reads at a glance, mapped by the view to a theme slot.</summary>
public enum RunTone
{
    /// <summary>Still running (no badge of its own).</summary>
    Running,

    /// <summary>The agent exited and verification runs.</summary>
    Verifying,

    /// <summary>Succeeded.</summary>
    Good,

    /// <summary>Failed or killed.</summary>
    Bad,

    /// <summary>No-op or vanished: nothing happened that counts.</summary>
    Quiet,

    /// <summary>Needs an eye without having failed: a loop waiting for a limit reset, or running without progress.</summary>
    Waiting,
}

/// <summary>What a session card shows of the run it belongs to: labels only, so two compare equal exactly when they look
/// the same.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="Agent">The agent preset or command name.</param>
/// <param name="Elapsed">Time since the start (running) or the run's duration (ended): <c>&lt;1m</c>, <c>12m</c>, <c>3h</c>.</param>
/// <param name="Badge">The outcome badge (<c>✓ succeeded · +3 commits · verify ✓</c>), <c>… verifying</c>, or null while it runs.</param>
/// <param name="Tone">How the badge reads.</param>
public sealed record CardRun(string RunId, string Agent, string Elapsed, string? Badge, RunTone Tone)
{
    /// <summary>The loop's progress and state when the run is a Ralph loop (<see cref="RunRecord.Loop"/>), else null; a loop
    /// has no <see cref="Badge"/> (its state says it).</summary>
    public CardLoop? Loop { get; init; }
}

/// <summary>Matches runs to session cards and words their badges.</summary>
public static class RunCards
{
    /// <summary>The run whose session is <paramref name="card"/>'s: same socket and session id (and tmux server process when
    /// both are known, since a restarted server reuses <c>$0</c>); the newest such run when several match.</summary>
    public static RunRecord? Match(IReadOnlyList<RunRecord> runs, Card card)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(card);
        RunRecord? best = null;
        foreach (var run in runs)
        {
            // A pipeline's stages are runs in its session too; the card shows the pipeline's run, which names the stage.
            if (run.SessionId == card.SessionId
                && run.Loop?.Stage is null
                && string.Equals(run.Socket, card.Server.SocketPath, StringComparison.Ordinal)
                && (run.ServerPid == 0 || card.ServerPid == 0 || run.ServerPid == card.ServerPid)
                && (best is null || run.Started > best.Started))
            {
                best = run;
            }
        }

        return best;
    }

    /// <summary>The card's view of <paramref name="run"/> at <paramref name="now"/> (UTC), clock times in
    /// <paramref name="zone"/>.</summary>
    public static CardRun Describe(RunRecord run, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(run);
        var elapsed = Cards.Duration((run.Ended ?? now) - run.Started);
        if (run.Loop is { } loop)
        {
            var view = LoopLabels.Describe(loop, zone);
            return new CardRun(run.RunId, run.Agent, elapsed, null, view.Tone) { Loop = view };
        }

        var (badge, tone) = run.Pipeline is { State: "running" } pipeline ? (PipelineStep(pipeline), RunTone.Running) : Badge(run);
        return new CardRun(run.RunId, run.Agent, elapsed, badge, tone);
    }

    /// <summary>A running pipeline's badge: its current stage or parallel block and its stages, and the step count:
    /// <c>▶ block review: review-claude ∥ review-codex · step 2/3</c>, <c>▶ stage plan · step 1/3</c>.</summary>
    public static string PipelineStep(PipelineStatus pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var step = pipeline.Finished + 1;
        return pipeline.Step is null
            ? $"▶ starting · {pipeline.Steps} steps"
            : (pipeline.Block is { } block ? $"▶ block {block}: {string.Join(" ∥ ", pipeline.Stages)}" : $"▶ stage {pipeline.Step}")
                + $" · step {Math.Min(step, pipeline.Steps)}/{pipeline.Steps}";
    }

    /// <summary>What a list row or a detail title says of a run: a loop's state (<see cref="LoopLabels.State"/>), else the
    /// run's badge, else its state word (<c>running</c>).</summary>
    /// <param name="run">The run.</param>
    /// <param name="zone">The zone of clock times (a loop waiting for a limit reset).</param>
    public static (string Text, RunTone Tone) Headline(RunRecord run, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Loop is { } loop)
        {
            return LoopLabels.State(loop, zone);
        }

        var (badge, tone) = run.Pipeline is { State: "running" } pipeline ? (PipelineStep(pipeline), RunTone.Running) : Badge(run);
        return (badge ?? RunStates.Text(run.State), tone);
    }

    /// <summary>The badge of a run: <c>✓ succeeded · +3 commits · verify ✓</c>, <c>✗ failed 1 · verify ✗</c>,
    /// <c>✗ failed SIGKILL</c>, <c>○ no-op</c>, <c>✗ killed</c>, <c>? vanished</c>, <c>… verifying</c>; null while starting or
    /// running.</summary>
    public static (string? Badge, RunTone Tone) Badge(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.State switch
        {
            RunState.Verifying => ("… verifying", RunTone.Verifying),
            RunState.Succeeded => ("✓ succeeded" + Commits(run) + Verify(run), RunTone.Good),
            RunState.Failed => ("✗ failed" + Exit(run.Exit) + Commits(run) + Forbidden(run) + Verify(run), RunTone.Bad),
            RunState.NoOp => ("○ no-op" + Verify(run), RunTone.Quiet),
            RunState.Killed => ("✗ killed", RunTone.Bad),
            RunState.Vanished => ("? vanished", RunTone.Quiet),
            _ => (null, RunTone.Running),
        };
    }

    /// <summary>Sets <see cref="Card.Run"/> on every card from <paramref name="runs"/> as of <paramref name="now"/> (clock
    /// times in <paramref name="zone"/>); returns <paramref name="cards"/> itself when no card changed (and each unchanged
    /// card is kept as the same instance).</summary>
    public static ImmutableArray<Card> Attach(ImmutableArray<Card> cards, IReadOnlyList<RunRecord> runs, DateTimeOffset now, TimeZoneInfo zone)
    {
        var builder = (ImmutableArray<Card>.Builder?)null;
        for (var i = 0; i < cards.Length; i++)
        {
            var card = cards[i];
            var run = runs.Count == 0 ? null : Match(runs, card);
            var view = run is null ? null : Describe(run, now, zone);
            if (view == card.Run)
            {
                continue;
            }

            builder ??= cards.ToBuilder();
            builder[i] = card with { Run = view };
        }

        return builder is null ? cards : builder.MoveToImmutable();
    }

    private static string Exit(RunExit? exit) => exit switch
    {
        null => "",
        { Signal: { } s } => " " + (SignalNames.Of(s) ?? "signal " + s.ToString(CultureInfo.InvariantCulture)),
        { Status: 0 } => "",
        { Status: { } status } => " " + status.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    private static string Commits(RunRecord run) => run.Verification is { Commits.Count: > 0 and var n }
        ? " · +" + n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " commit" : " commits")
        : "";

    private static string Forbidden(RunRecord run) => run.Verification is { ForbiddenChanges.Count: > 0 } ? " · forbidden path" : "";

    private static string Verify(RunRecord run) => run.Verification?.VerifyPassed switch
    {
        true => " · verify ✓",
        false => " · verify ✗",
        null => "",
    };
}
