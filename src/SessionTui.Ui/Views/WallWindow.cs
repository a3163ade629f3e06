using SessionTui.Core;
using SessionTui.Ui.Input;
using SessionTui.Ui.Styling;
using Terminal.Gui.App;
using Terminal.Gui.Drawing;
using Terminal.Gui.ViewBase;
using Terminal.Gui.Views;

namespace SessionTui.Ui.Views;

/// <summary>
/// The wall's top-level Terminal.Gui runnable: header (row 0), the body of the current mode (card grid and zoom, help,
/// history table, a history row's last screen), footer (last row) with the filter's text field in filter mode, and the
/// kill confirmation dialog begun over it. It is the view and input adapter of the MVU loop: <see cref="Show"/> takes each
/// new immutable <see cref="WallState"/> and updates the views; keys (through Terminal.Gui key bindings fed from
/// <see cref="KeyMap"/>), the filter's typing and the mouse come back as intents through <c>post</c>. It holds no state of
/// its own that the Update does not know: which view shows and has the focus, the selection, the filter text and the
/// dialog all follow the state.
/// </summary>
public sealed class WallWindow : Runnable
{
    private readonly Theme _theme;
    private readonly Action<Msg> _post;
    private readonly HeaderView _header;
    private readonly FooterView _footer;
    private readonly GridView _grid;
    private readonly HelpView _help;
    private readonly HistoryTable _history;
    private readonly ScreenView _detail;
    private readonly RunsTable _runs;
    private readonly RunDetailView _run;
    private readonly IterationDetailView _iteration;
    private readonly FilterField _filter;
    private KillDialog? _dialog;
    private LaunchDialog? _launch;
    private SessionToken? _launchToken;
    private SessionToken? _dialogToken;
    private WallState? _state;
    private WallMode? _boundMode;

    /// <summary>Creates the window.</summary>
    /// <param name="theme">Styles of every slot.</param>
    /// <param name="post">Posts an intent into the wall's loop (called on the UI thread).</param>
    public WallWindow(Theme theme, Action<Msg> post)
    {
        ArgumentNullException.ThrowIfNull(theme);
        ArgumentNullException.ThrowIfNull(post);
        _theme = theme;
        _post = post;
        Width = Dim.Fill();
        Height = Dim.Fill();
        SetScheme(new Scheme(UiStyle.Plain.ToAttribute()));
        _header = new HeaderView(theme) { X = 0, Y = 0, Width = Dim.Fill(), Height = 1 };
        _footer = new FooterView(theme) { X = 0, Y = Pos.AnchorEnd(1), Width = Dim.Fill(), Height = 1 };
        _grid = new GridView(theme, post) { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(1) };
        _help = new HelpView(theme, post) { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(1), Visible = false };
        _history = new HistoryTable(theme, post) { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(1), Visible = false };
        _detail = new ScreenView(theme, post) { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(1), Visible = false };
        _runs = new RunsTable(theme, post) { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(1), Visible = false };
        _run = new RunDetailView(theme, post) { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(1), Visible = false };
        _iteration = new IterationDetailView(theme, post) { X = 0, Y = 1, Width = Dim.Fill(), Height = Dim.Fill(1), Visible = false };
        _filter = new FilterField(theme, post) { X = FooterView.FilterPrompt, Y = Pos.AnchorEnd(1), Width = 10, Height = 1, Visible = false };
        Add(_header, _grid, _help, _history, _detail, _runs, _run, _iteration, _footer, _filter);
    }

    /// <summary>Called after every draw pass of the card grid with its time (ms) and the cells it changed.</summary>
    public Action<double, int>? GridDrawn
    {
        get => _grid.Drawn;
        set => _grid.Drawn = value;
    }

    /// <summary>Shows <paramref name="state"/>: which body view is visible and focused, their content, the filter field,
    /// the kill dialog. Call on the UI thread with each new state (cheap when little changed: every view redraws only when
    /// what it shows changed, and then writes only the cells that differ on screen).</summary>
    public void Show(WallState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var previous = _state;
        _state = state;
        var body = Body(state.Mode is WallMode.ConfirmKill or WallMode.Filter or WallMode.Launch ? WallMode.Grid : state.Mode);
        SetVisible(_grid, body == _grid);
        SetVisible(_help, body == _help);
        SetVisible(_history, body == _history);
        SetVisible(_detail, body == _detail);
        SetVisible(_runs, body == _runs);
        SetVisible(_run, body == _run);
        SetVisible(_iteration, body == _iteration);
        _header.Show(state);
        _footer.Show(state);
        _grid.Show(state);
        if (body == _help)
        {
            _help.Show(state);
        }
        else if (body == _history)
        {
            _history.Show(state);
        }
        else if (body == _detail)
        {
            _detail.Show(state);
        }
        else if (body == _runs)
        {
            _runs.Show(state);
        }
        else if (body == _run)
        {
            _run.Show(state);
        }
        else if (body == _iteration)
        {
            _iteration.Show(state);
        }

        ShowFilter(state);
        ShowDialog(state);
        ShowLaunch(state);
        if (previous?.Mode != state.Mode || _boundMode != state.Mode)
        {
            Focus(state.Mode, body);
        }
    }

    /// <inheritdoc />
    /// <remarks>The subviews cover every cell, so the window never clears: a clear would blank cells the views then have
    /// to write again (and re-send) even when nothing changed.</remarks>
    protected override bool OnClearingViewport() => true;

    /// <summary>Ends the kill dialog and the launch form if one is open (before the application is disposed).</summary>
    public void CloseDialog()
    {
        CloseLaunch();
        if (_dialogToken is not null)
        {
            App?.End(_dialogToken);
        }

        _dialog?.Dispose();
        _dialog = null;
        _dialogToken = null;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dialog?.Dispose();
            _dialog = null;
            _launch?.Dispose();
            _launch = null;
        }

        base.Dispose(disposing);
    }

    private View Body(WallMode mode) => mode switch
    {
        WallMode.Help => _help,
        WallMode.History => _history,
        WallMode.HistoryDetail => _detail,
        WallMode.Runs => _runs,
        WallMode.RunDetail => _run,
        WallMode.IterationDetail => _iteration,
        _ => _grid,
    };

    private static void SetVisible(View view, bool visible)
    {
        if (view.Visible != visible)
        {
            view.Visible = visible;
        }
    }

    private void ShowFilter(WallState state)
    {
        var filtering = state.Mode == WallMode.Filter;
        if (filtering)
        {
            var width = Math.Max(1, state.Width - FooterView.FilterPrompt - FooterView.HintsWidth(state, state.Width) - 2);
            if (_filter.Width is not DimAbsolute absolute || absolute.Size != width)
            {
                _filter.Width = width;
            }

            if (_filter.Text != state.Filter)
            {
                _filter.Text = state.Filter;
                _filter.MoveEnd();
            }
        }

        SetVisible(_filter, filtering);
    }

    private void ShowDialog(WallState state)
    {
        if (state.Mode == WallMode.ConfirmKill && state.KillTarget is { } target)
        {
            if (_dialog?.Target == target)
            {
                return;
            }

            CloseDialog();
            _dialog = new KillDialog(_theme, _post, target);
            if (App is { } app)
            {
                _dialogToken = app.Begin(_dialog);
            }

            return;
        }

        if (_dialog is not null)
        {
            CloseDialog();
            _grid.SetNeedsDraw();
            _header.SetNeedsDraw();
            _footer.SetNeedsDraw();
        }
    }

    private void ShowLaunch(WallState state)
    {
        if (state.Mode == WallMode.Launch && state.Launch is { } form && state.Workcells is not null)
        {
            if (_launch is null)
            {
                _launch = new LaunchDialog(_theme, _post, state);
                if (App is { } app)
                {
                    _launchToken = app.Begin(_launch);
                }
            }

            _launch.Show(form);
            return;
        }

        if (_launch is not null)
        {
            CloseLaunch();
            _grid.SetNeedsDraw();
            _header.SetNeedsDraw();
            _footer.SetNeedsDraw();
        }
    }

    private void CloseLaunch()
    {
        if (_launchToken is not null)
        {
            App?.End(_launchToken);
        }

        _launch?.Dispose();
        _launch = null;
        _launchToken = null;
    }

    private void Focus(WallMode mode, View body)
    {
        _boundMode = mode;
        switch (mode)
        {
            case WallMode.ConfirmKill or WallMode.Launch:
                return;
            case WallMode.Filter:
                KeyAdapter.Bind(_filter, mode, clearOthers: false);
                _filter.SetFocus();
                return;
            default:
                KeyAdapter.Bind(body, mode, clearOthers: true);
                body.SetFocus();
                return;
        }
    }
}
