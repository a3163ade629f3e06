using System.Globalization;
using SessionTui.Cli;
using SessionTui.Core;
using SessionTui.Core.Runs;

namespace SessionTui.Watch;

/// <summary>Where <c>sessiontui watch</c> prints what its watchdog sees: one line per state change (those found at start
/// included, see <see cref="Watchdog.Found"/>) and per run or loop end.</summary>
internal interface IWatchOutput
{
    /// <summary>A session's shown state changed, or was found different from the one recorded.</summary>
    void Changed(AgentStateChanged change);

    /// <summary>A run or loop ended.</summary>
    void Finished(RunFinished finished);
}

/// <summary><c>watch --json</c>: one JSON object per line (<see cref="Watchdog.Line(AgentStateChanged)"/>, documented in
/// the README).</summary>
internal sealed class JsonLines(Action<string> say) : IWatchOutput
{
    /// <inheritdoc />
    public void Changed(AgentStateChanged change) => say(Watchdog.Line(change));

    /// <inheritdoc />
    public void Finished(RunFinished finished) => say(Watchdog.Line(finished));
}

/// <summary><c>watch</c> without <c>--json</c>: <c>15:02:11  api ($3 on default)  working → waiting  [rule]  line</c>, in
/// <paramref name="zone"/>; <c>new</c> for a session never recorded.</summary>
internal sealed class TextLines(Action<string> say, TimeZoneInfo zone) : IWatchOutput
{
    /// <inheritdoc />
    public void Changed(AgentStateChanged change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var card = change.Card;
        var line = card.Verdict?.Lines.FirstOrDefault() is { Length: > 0 } matched ? "  " + RunText.Printable(matched) : "";
        say($"{Time(change.At)}  {RunText.Printable(card.Name)} ({card.SessionId} on {card.Server.Label})  {(change.From is { } from ? AgentStates.Text(from) : "new")} → {card.Badge}  [{card.Verdict?.Rule}]{line}");
    }

    /// <inheritdoc />
    public void Finished(RunFinished finished)
    {
        ArgumentNullException.ThrowIfNull(finished);
        say($"{Time(finished.At)}  {RunText.Printable(finished.Run.Name)}  {(finished.Run.Loop is null ? "run" : "loop")} {finished.Run.RunId} ended: {RunStates.Text(finished.Run.State)}");
    }

    private string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
