using System.Runtime.CompilerServices;
using Terminal.Gui.App;
using Terminal.Gui.Drivers;

namespace SessionTui.Tui;

/// <summary>
/// Creates the wall's Terminal.Gui application with <see cref="PollingInput"/> as its input. This is the one adapter over
/// a gap in Terminal.Gui 2.5.0: there is no public way to hand an application its driver components — custom
/// <c>DriverRegistry</c> names are ignored, and the <c>ApplicationImpl(IComponentFactory)</c> constructor is internal — so
/// the factory goes into the application's private <c>_componentFactory</c> field before <c>Init</c> (through
/// <see cref="UnsafeAccessorAttribute"/>, which Native AOT supports). If an upgrade removes or renames the field, the wall
/// falls back to the stock driver (correct, only costlier when idle) and the test
/// <c>The_polling_input_still_reaches_Terminal_Gui</c> fails loudly.
/// </summary>
internal static class TuiApplication
{
    /// <summary>Creates an application (not initialized) whose input waits in <c>poll(2)</c>; with
    /// <c>DisableRealDriverIO=1</c> (headless tests) or when the private field is gone, the stock input.</summary>
    /// <param name="hangUp">Called once when the terminal hangs up.</param>
    /// <returns>The application, and the polling input when it is in use.</returns>
    public static (IApplication App, PollingInput? Input) Create(Action hangUp)
    {
        var app = Application.Create();
        if (string.Equals(Environment.GetEnvironmentVariable("DisableRealDriverIO"), "1", StringComparison.Ordinal))
        {
            return (app, null);
        }

        var input = new PollingInput(hangUp);
        if (TrySetComponentFactory(app, new AnsiComponentFactory(input)))
        {
            return (app, input);
        }

        input.Dispose();
        return (app, null);
    }

    /// <summary>Puts <paramref name="factory"/> into <paramref name="app"/>'s private component factory field.</summary>
    /// <returns>False when the field is not there (a Terminal.Gui version without it).</returns>
    internal static bool TrySetComponentFactory(IApplication app, IComponentFactory factory)
    {
        if (!string.Equals(app.GetType().FullName, "Terminal.Gui.App.ApplicationImpl", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            ComponentFactory(app) = factory;
            return true;
        }
        catch (MissingMemberException)
        {
            return false;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_componentFactory")]
    private static extern ref IComponentFactory? ComponentFactory([UnsafeAccessorType("Terminal.Gui.App.ApplicationImpl, Terminal.Gui")] object app);
}
