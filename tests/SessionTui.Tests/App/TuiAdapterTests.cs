using System.Reactive.Concurrency;
using SessionTui.Tui;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;

namespace SessionTui.Tests.App;

/// <summary>The adapter over Terminal.Gui 2.5.0's gap (no public way to give an application its input) and the UI
/// scheduler that hands work to its main loop.</summary>
[Collection(nameof(Ui.TerminalGuiCollection))]
public sealed class TuiAdapterTests
{
    [Fact]
    public void The_polling_input_still_reaches_Terminal_Gui()
    {
        // Terminal.Gui keeps the component factory in a private field; if an upgrade renames or removes it, the wall falls
        // back to the stock input (4-5 % of a core when idle) and this test fails so the adapter gets looked at.
        var app = Application.Create();

        Assert.True(TuiApplication.TrySetComponentFactory(app, new AnsiComponentFactory()), "ApplicationImpl._componentFactory is gone: see Tui/TuiApplication.cs");
        app.Dispose();
    }

    [Fact]
    public void Work_waits_while_no_application_runs_and_runs_in_order_when_asked()
    {
        var ui = new UiScheduler();
        var ran = new List<int>();

        ui.Schedule(() => ran.Add(1));
        ui.Schedule(() => ran.Add(2));
        Assert.Empty(ran);
        Assert.False(ui.OnUiThread);

        ui.RunWaitingWork();

        Assert.Equal([1, 2], ran);
    }

    [Fact]
    public void Work_scheduled_on_the_thread_of_the_attached_application_runs_at_once()
    {
        var ui = new UiScheduler();
        var app = Application.Create();
        app.Init();
        try
        {
            ui.Attach(app);
            var ran = false;

            ui.Schedule(() => ran = true);

            Assert.True(ui.OnUiThread);
            Assert.True(ran);
            ui.Detach();
            Assert.Throws<InvalidOperationException>(() =>
            {
                ui.Attach(app);
                ui.RunWaitingWork();
            });
        }
        finally
        {
            ui.Detach();
            app.Dispose();
        }
    }
}
