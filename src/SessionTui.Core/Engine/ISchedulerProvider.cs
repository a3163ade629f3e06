using System.Reactive.Concurrency;

namespace SessionTui.Core.Engine;

/// <summary>The schedulers of the app, injected so tests can use <c>HistoricalScheduler</c>. No static schedulers.</summary>
public interface ISchedulerProvider
{
    /// <summary>The one thread that owns the state: Update, View and rendering run here (an <c>EventLoopScheduler</c>).</summary>
    IScheduler Ui { get; }

    /// <summary>Timers and background work (polling, history writes).</summary>
    IScheduler Background { get; }
}
