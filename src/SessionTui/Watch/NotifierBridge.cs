using System.Globalization;
using SessionTui.Core;
using SessionTui.Core.Runs;
using SessionTui.Workcells.Notifications;

namespace SessionTui.Watch;

/// <summary>
/// Turns the watchdog's transitions into <see cref="NotificationEvent"/>s for the <see cref="Notifier"/>: entering waiting
/// (<c>needs-input</c>), rate-limited, auth-failed, context-limit or stuck posts one; leaving such a state clears its dedupe,
/// so the next time the session enters it notifies again. A run's or loop's end posts <c>run-ended</c> or
/// <c>loop-ended</c> with its outcome. Exits of plain sessions are recorded, not notified (a workcell run's exit is, as
/// its end).
/// </summary>
internal sealed class NotifierBridge : IStateNotifier, IDisposable
{
    private readonly Notifier _notifier;
    private readonly TimeZoneInfo _zone;

    /// <summary>Creates the bridge over <paramref name="notifier"/>, which it owns.</summary>
    /// <param name="notifier">The dispatcher.</param>
    /// <param name="zone">The zone a reset time is written in.</param>
    public NotifierBridge(Notifier notifier, TimeZoneInfo zone)
    {
        _notifier = notifier;
        _zone = zone;
    }

    /// <summary>The notification kind of entering <paramref name="state"/>, or null when entering it does not notify.</summary>
    public static NotificationKind? KindOf(AgentState state) => state switch
    {
        AgentState.Waiting => NotificationKind.NeedsInput,
        AgentState.RateLimited => NotificationKind.RateLimited,
        AgentState.AuthFailed => NotificationKind.AuthFailed,
        AgentState.ContextLimit => NotificationKind.ContextLimit,
        AgentState.Stuck => NotificationKind.Stuck,
        _ => null,
    };

    /// <inheritdoc />
    public void Changed(AgentStateChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var card = change.Card;
        if (change.From is { } from && KindOf(from) is { } left)
        {
            _notifier.Cleared(card.Key, left);
        }

        if (KindOf(card.State) is not { } kind)
        {
            return;
        }

        var verdict = card.Verdict;
        var title = card.Name + " " + kind switch
        {
            NotificationKind.NeedsInput => "needs input",
            NotificationKind.RateLimited => "hit a usage limit",
            NotificationKind.AuthFailed => "cannot log in",
            NotificationKind.ContextLimit => "ran out of context",
            _ => "looks stuck",
        };
        var detail = verdict?.Lines.FirstOrDefault() ?? "";
        var body = kind == NotificationKind.RateLimited && verdict?.ResetsAt is { } resets
            ? "resets " + TimeZoneInfo.ConvertTime(resets, _zone).ToString("HH:mm", CultureInfo.InvariantCulture) + (detail.Length > 0 ? " · " + detail : "")
            : detail;
        _notifier.Post(new NotificationEvent(
            kind, card.Key, card.Name, card.SessionId, card.Server.Label, AgentStates.Text(card.State), verdict?.Rule ?? "", title, body, change.At, card.AttachedClients > 0)
        {
            ResetsAt = verdict?.ResetsAt,
            RunId = card.Run?.RunId,
        });
    }

    /// <inheritdoc />
    public void Finished(RunFinished finished)
    {
        ArgumentNullException.ThrowIfNull(finished);
        var run = finished.Run;
        var loop = run.Loop is not null;
        var outcome = RunStates.Text(run.State);
        var body = string.Join(" · ", new[]
        {
            outcome,
            run.Exit?.Status is { } status ? "exit " + status.ToString(CultureInfo.InvariantCulture) : null,
            run.Loop is { } l ? l.Done.ToString(CultureInfo.InvariantCulture) + "/" + l.Total.ToString(CultureInfo.InvariantCulture) + " checked, iteration " + l.Iteration.ToString(CultureInfo.InvariantCulture) : null,
            run.Loop?.Reason ?? run.Diagnosis?.Evidence,
        }.Where(x => !string.IsNullOrEmpty(x)));
        _notifier.Post(new NotificationEvent(
            loop ? NotificationKind.LoopEnded : NotificationKind.RunEnded,
            run.Socket + "|" + (run.SessionId ?? ""),
            run.Name,
            run.SessionId ?? "",
            run.Server,
            outcome,
            run.Loop?.Reason ?? run.Diagnosis?.Mode.ToString() ?? outcome,
            run.Name + (loop ? " loop " : " run ") + outcome,
            body,
            finished.At,
            finished.Attached > 0)
        {
            RunId = run.RunId,
            ExitStatus = run.Exit?.Status,
        });
    }

    /// <summary>Lets queued notifications out (at most 3 s), then stops the dispatcher.</summary>
    public void Dispose()
    {
        using (var idle = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            try
            {
                _notifier.WhenIdleAsync(idle.Token).Wait(TimeSpan.FromSeconds(3));
            }
            catch (AggregateException)
            {
                // Not idle within 3 s (a channel still retrying): what is left is dropped.
            }
        }

        _notifier.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(2));
    }
}
