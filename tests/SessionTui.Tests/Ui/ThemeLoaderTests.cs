using SessionTui.Core;
using SessionTui.Ui.Styling;
using Terminal.Gui.Drawing;

namespace SessionTui.Tests.Ui;

public sealed class ThemeLoaderTests : IDisposable
{
    private static readonly string ThemesDir = Path.Combine(AppContext.BaseDirectory, "themes");

    private readonly string scratch = Path.Combine(Path.GetTempPath(), "sessiontui-themes-" + Guid.NewGuid().ToString("N"));

    public ThemeLoaderTests() => Directory.CreateDirectory(scratch);

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    public static TheoryData<string> ThemeFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ThemesDir, "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Fact]
    public void The_themes_folder_has_the_three_shipped_themes()
    {
        Assert.Equal(["default", "high-contrast", "light"], ThemeLoader.Available(ThemesDir));
    }

    [Theory]
    [MemberData(nameof(ThemeFiles))]
    public void Every_theme_file_loads_and_defines_every_slot(string name)
    {
        var theme = ThemeLoader.Load(name, ThemesDir, noColor: false);

        Assert.Equal(name, theme.Name);
        Assert.False(theme.Monochrome);
        Assert.All(ThemeSlots.All, slot => Assert.True(theme.Slots.ContainsKey(slot), $"{name} lacks {slot}"));
        Assert.Equal(ThemeSlots.All.Count, theme.Slots.Count);
    }

    [Theory]
    [MemberData(nameof(ThemeFiles))]
    public void With_NO_COLOR_every_theme_keeps_decorations_and_drops_colours(string name)
    {
        var coloured = ThemeLoader.Load(name, ThemesDir, noColor: false);

        var mono = ThemeLoader.Load(name, ThemesDir, noColor: true);

        Assert.True(mono.Monochrome);
        Assert.All(ThemeSlots.All, slot =>
        {
            Assert.Null(mono[slot].Foreground);
            Assert.Null(mono[slot].Background);
            Assert.Equal(coloured[slot].Flags, mono[slot].Flags);
        });
    }

    [Fact]
    public void The_selected_card_and_selection_stay_visible_without_colour()
    {
        var mono = ThemeLoader.Load(null, ThemesDir, noColor: true);

        Assert.NotEqual(TextStyle.None, mono[ThemeSlots.Selection].Flags);
        Assert.NotEqual(TextStyle.None, mono[ThemeSlots.CardBorderSelected].Flags);
    }

    [Fact]
    public void No_name_loads_the_built_in_default_without_a_themes_folder()
    {
        var theme = ThemeLoader.Load(null, Path.Combine(scratch, "missing"), noColor: false);

        Assert.Equal("default", theme.Name);
        Assert.Equal(ThemeLoader.Load("default", ThemesDir, noColor: false).Slots, theme.Slots);
    }

    [Fact]
    public void The_name_default_falls_back_to_the_built_in_theme_when_the_folder_lacks_it()
    {
        var theme = ThemeLoader.Load("default", scratch, noColor: false);

        Assert.Equal(ThemeSlots.All.Count, theme.Slots.Count);
    }

    [Fact]
    public void Every_shipped_theme_is_built_in_so_names_work_without_any_folder()
    {
        Assert.Equal(["default", "high-contrast", "light"], ThemeLoader.BuiltIn());
        foreach (var name in ThemeLoader.BuiltIn())
        {
            Assert.Equal(ThemeLoader.Load(name, ThemesDir, noColor: false).Slots, ThemeLoader.Load(name, Path.Combine(scratch, "missing"), noColor: false).Slots);
        }
    }

    [Fact]
    public void A_users_theme_of_the_same_name_wins_over_the_built_in_one()
    {
        File.Copy(Path.Combine(ThemesDir, "light.json"), Path.Combine(scratch, "default.json"));

        var theme = ThemeLoader.Load("default", scratch, noColor: false);

        Assert.Equal(ThemeLoader.Load("light", ThemesDir, noColor: false).Slots, theme.Slots);
    }

    [Fact]
    public void An_unknown_theme_name_lists_the_available_themes_in_one_line()
    {
        var error = Assert.Throws<ThemeException>(() => ThemeLoader.Load("neon", ThemesDir, noColor: false));

        Assert.Equal("unknown theme \"neon\"; available: default, high-contrast, light", error.Message);
    }

    [Fact]
    public void A_path_loads_that_file_and_palette_names_are_substituted()
    {
        var path = Write("mine.json", Slots(s => s == ThemeSlots.Header ? "bold $accent on $bar" : "default"), """{ "accent": "#112233", "bar": "navy" }""");

        var theme = ThemeLoader.Load(path, ThemesDir, noColor: false);

        Assert.Equal(path, theme.Name);
        Assert.Equal(new UiStyle(new Color(0x11, 0x22, 0x33), new Color(0, 0, 0x80), TextStyle.Bold), theme[ThemeSlots.Header]);
    }

    [Fact]
    public void A_missing_theme_file_says_which_file()
    {
        var path = Path.Combine(scratch, "nope.json");

        var error = Assert.Throws<ThemeException>(() => ThemeLoader.Load(path, ThemesDir, noColor: false));

        Assert.Equal("theme file not found: " + path, error.Message);
    }

    [Fact]
    public void A_missing_slot_is_named()
    {
        var path = Write("partial.json", Slots(_ => "default", except: ThemeSlots.CardBorder));

        var error = Assert.Throws<ThemeException>(() => ThemeLoader.Load(path, ThemesDir, noColor: false));

        Assert.Contains("missing slot \"card.border\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_theme_written_before_the_warning_slot_still_loads_and_warns_in_its_waiting_style()
    {
        var path = Write("older.json", Slots(s => s == ThemeSlots.StateWaiting ? "bold yellow" : "default", except: ThemeSlots.Warning));

        var theme = ThemeLoader.Load(path, ThemesDir, noColor: false);

        Assert.Equal(theme.Slots[ThemeSlots.StateWaiting], theme.Slots[ThemeSlots.Warning]);
    }

    [Fact]
    public void A_bad_style_string_names_the_slot_and_the_value()
    {
        var path = Write("bad.json", Slots(s => s == ThemeSlots.Filter ? "bold frobnicate" : "default"));

        var error = Assert.Throws<ThemeException>(() => ThemeLoader.Load(path, ThemesDir, noColor: false));

        Assert.StartsWith($"theme \"{path}\": slot \"filter\": bad style \"bold frobnicate\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_unknown_palette_colour_names_the_slot()
    {
        var path = Write("palette.json", Slots(s => s == ThemeSlots.Key ? "$nothing" : "default"));

        var error = Assert.Throws<ThemeException>(() => ThemeLoader.Load(path, ThemesDir, noColor: false));

        Assert.EndsWith("slot \"key\": unknown palette colour $nothing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_slot_is_an_error_rather_than_silently_ignored()
    {
        var path = Write("typo.json", Slots(_ => "default").Replace("\"card.meta\"", "\"card.mета\"", StringComparison.Ordinal));

        var error = Assert.Throws<ThemeException>(() => ThemeLoader.Load(path, ThemesDir, noColor: false));

        Assert.Contains("unknown slot \"card.mета\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_JSON_is_one_line_naming_the_file()
    {
        var path = Path.Combine(scratch, "broken.json");
        File.WriteAllText(path, "{ \"slots\": { \"header\": }");

        var error = Assert.Throws<ThemeException>(() => ThemeLoader.Load(path, ThemesDir, noColor: false));

        Assert.StartsWith($"theme \"{path}\": bad JSON in {path}:", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Asking_for_a_slot_no_theme_has_throws_with_its_name()
    {
        var theme = ThemeLoader.Load(null, ThemesDir, noColor: false);

        var error = Assert.Throws<KeyNotFoundException>(() => theme["card.sparkle"]);

        Assert.Contains("card.sparkle", error.Message, StringComparison.Ordinal);
    }

    private static string Slots(Func<string, string> value, string? except = null) =>
        string.Join(",\n", ThemeSlots.All.Where(s => s != except).Select(s => $"    \"{s}\": \"{value(s)}\""));

    private string Write(string name, string slots, string palette = "{}")
    {
        var path = Path.Combine(scratch, name);
        File.WriteAllText(path, $"{{\n  \"palette\": {palette},\n  \"slots\": {{\n{slots}\n  }}\n}}\n");
        return path;
    }
}
