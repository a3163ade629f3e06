using System.Runtime.CompilerServices;
using SessionTui.Core;
using SessionTui.Ui.Input;
using SessionTui.Ui.Styling;
using SessionTui.Ui.Views;
using Terminal.Gui.App;
using Terminal.Gui.Input;

namespace SessionTui.Tests.Ui;

/// <summary>Process-wide test settings, before any Terminal.Gui driver exists: Terminal.Gui's ANSI driver without a
/// terminal (<c>DisableRealDriverIO=1</c>), and painters that fail on a cell written twice in one pass.</summary>
internal static class TestSetup
{
    [ModuleInitializer]
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("DisableRealDriverIO", "1");
        AppContext.SetSwitch("SessionTui.StrictPainter", true);
    }
}

/// <summary>
/// The wall's <see cref="WallWindow"/> in a headless Terminal.Gui application at a fixed size: intents it posts run through
/// <see cref="WallUpdate.Update"/> at once and the new state is shown again, as the real loop does on the UI thread; the
/// screen is read back as text (<c>Driver.ToString()</c>) and attributes (<c>Driver.Contents</c>).
/// </summary>
internal sealed class HeadlessWall : IDisposable
{
    private readonly SessionToken? _token;

    public HeadlessWall(WallState state, Theme theme)
    {
        App = Application.Create();
        App.Init();
        App.Driver!.SetScreenSize(state.Width, state.Height);
        App.Keyboard.KeyBindings.Clear();
        KeyAdapter.SplitEscapeThenKey(App);
        Window = new WallWindow(theme, Post);
        State = state;
        _token = App.Begin(Window);
        Window.Show(state);
        App.LayoutAndDraw();
    }

    public IApplication App { get; }

    public WallWindow Window { get; }

    public WallState State { get; private set; }

    /// <summary>Every intent the views posted, in order.</summary>
    public List<Msg> Posted { get; } = [];

    /// <summary>Every command the Update returned, in order.</summary>
    public List<Cmd> Cmds { get; } = [];

    /// <summary>Feeds outside messages (snapshots, loads) through the Update and draws.</summary>
    public HeadlessWall Send(params Msg[] msgs)
    {
        foreach (var m in msgs)
        {
            Apply(m);
        }

        App.LayoutAndDraw();
        return this;
    }

    /// <summary>Presses keys as the terminal would deliver them and draws.</summary>
    public HeadlessWall Press(params Key[] keys)
    {
        foreach (var key in keys)
        {
            App.Keyboard.RaiseKeyDownEvent(key);
        }

        App.LayoutAndDraw();
        return this;
    }

    /// <summary>Presses keys one after another with no layout or draw in between, as keys that arrive in one read are
    /// processed in one main-loop iteration; then draws.</summary>
    public HeadlessWall PressAtOnce(params Key[] keys)
    {
        foreach (var key in keys)
        {
            App.Keyboard.RaiseKeyDownEvent(key);
        }

        App.LayoutAndDraw();
        return this;
    }

    /// <summary>The screen as rows of text, exactly Width cells each.</summary>
    public IReadOnlyList<string> Screen()
    {
        var text = App.Driver!.ToString() ?? "";
        return [.. text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')];
    }

    public void Dispose()
    {
        Window.CloseDialog();
        if (_token is not null)
        {
            App.End(_token);
        }

        Window.Dispose();
        App.Dispose();
    }

    private void Post(Msg msg)
    {
        Posted.Add(msg);
        Apply(msg);
    }

    private void Apply(Msg msg)
    {
        var (next, cmds) = WallUpdate.Update(State, msg);
        Cmds.AddRange(cmds);
        if (!ReferenceEquals(next, State))
        {
            State = next;
            Window.Show(next);
        }
    }
}

/// <summary>Tests that run Terminal.Gui applications: one at a time (Terminal.Gui keeps some settings in statics).</summary>
[CollectionDefinition(nameof(TerminalGuiCollection), DisableParallelization = true)]
public sealed class TerminalGuiCollection;
