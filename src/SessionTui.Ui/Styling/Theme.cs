using System.Collections.Frozen;
using System.Text.Json;
using SessionTui.Core;
using Terminal.Gui.Drawing;

namespace SessionTui.Ui.Styling;

/// <summary>
/// A loaded theme: every <see cref="ThemeSlots"/> slot parsed into a <see cref="UiStyle"/> (mapped onto Terminal.Gui
/// attributes when drawn). Monochrome themes (<c>NO_COLOR</c>) keep flags (bold, dim, italic, underline, reverse) but no
/// colours.
/// </summary>
/// <param name="Name">Theme name (file name without <c>.json</c>), or the path it was loaded from.</param>
/// <param name="Slots">Style of every slot, keyed by slot name (<see cref="ThemeSlots.All"/>).</param>
/// <param name="Monochrome">Whether colours were dropped; views then also drop the panes' colours.</param>
public sealed record Theme(string Name, IReadOnlyDictionary<string, UiStyle> Slots, bool Monochrome)
{
    /// <summary>The style of <paramref name="slot"/> (a <see cref="ThemeSlots"/> constant).</summary>
    /// <exception cref="KeyNotFoundException">The theme has no such slot (themes from <see cref="ThemeLoader"/> have
    /// every slot of <see cref="ThemeSlots.All"/>).</exception>
    public UiStyle this[string slot] =>
        Slots.TryGetValue(slot, out var style) ? style : throw new KeyNotFoundException($"theme {Name} has no slot \"{slot}\"");
}

/// <summary>A theme that cannot be loaded; the message is one line for the user.</summary>
public sealed class ThemeException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line saying what is wrong and where.</param>
    /// <param name="inner">The underlying I/O, JSON or style error, if any.</param>
    public ThemeException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Loads themes from JSON files: <c>{ "palette": { "accent": "#88c0d0" }, "slots": { "card.border": "grey", "header":
/// "bold $accent on #2e3440" } }</c>. A slot value is words separated by spaces: flags (<c>bold</c>, <c>dim</c>,
/// <c>italic</c>, <c>underline</c>, <c>invert</c> or <c>reverse</c>, <c>strikethrough</c>, <c>blink</c>), a foreground
/// colour, and <c>on</c> followed by a background colour. A colour is <c>#rrggbb</c>, a colour name Terminal.Gui's
/// <see cref="Color.TryParse(string?, IFormatProvider?, out Color)"/> knows (the W3C/CSS names such as <c>lime</c>,
/// <c>navy</c>, <c>grey</c>, and the 16 ANSI names), or <c>default</c> for the terminal's own colour; <c>$name</c> words
/// are replaced by palette entries first. Comments and trailing commas are allowed. Every slot of
/// <see cref="ThemeSlots.All"/> is required and unknown slots are errors (a typo would otherwise go unnoticed).
/// </summary>
public static class ThemeLoader
{
    /// <summary>Name of the theme built into the binary.</summary>
    public const string DefaultName = "default";

    private const string ResourcePrefix = "SessionTui.Ui.Themes.";

    private static readonly JsonDocumentOptions JsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Loads a theme.</summary>
    /// <param name="nameOrPath">Null: the built-in default. A name: <c>&lt;themesDir&gt;/&lt;name&gt;.json</c> when that
    /// file exists (a user's own theme, or one that shadows a built-in), else the built-in theme of that name (the files of
    /// the repository's <c>themes/</c> folder are built into the binary). A path (contains a directory separator or ends with
    /// <c>.json</c>): that file.</param>
    /// <param name="themesDir">Folder of the user's named themes (it need not exist).</param>
    /// <param name="noColor">True makes the theme monochrome (<c>NO_COLOR</c>).</param>
    /// <exception cref="ThemeException">Unknown theme name (the message lists the available ones), missing file, bad
    /// JSON, a missing or unknown slot, or a bad style string (the message names the slot).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="themesDir"/> is null.</exception>
    public static Theme Load(string? nameOrPath, string themesDir, bool noColor)
    {
        ArgumentNullException.ThrowIfNull(themesDir);
        if (nameOrPath is null)
        {
            return Parse(DefaultName, ReadBuiltIn(DefaultName)!, "built-in default", noColor);
        }

        if (IsPath(nameOrPath))
        {
            return Parse(nameOrPath, Read(nameOrPath, nameOrPath), nameOrPath, noColor);
        }

        var file = Path.Combine(themesDir, nameOrPath + ".json");
        if (File.Exists(file))
        {
            return Parse(nameOrPath, Read(nameOrPath, file), file, noColor);
        }

        if (ReadBuiltIn(nameOrPath) is { } builtIn)
        {
            return Parse(nameOrPath, builtIn, "built-in " + nameOrPath, noColor);
        }

        throw new ThemeException($"unknown theme \"{nameOrPath}\"; available: {string.Join(", ", Available(themesDir))}");
    }

    /// <summary>Names of the built-in themes and of the themes in <paramref name="themesDir"/> (<c>*.json</c>), sorted
    /// ordinally.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="themesDir"/> is null.</exception>
    public static IReadOnlyList<string> Available(string themesDir)
    {
        ArgumentNullException.ThrowIfNull(themesDir);
        var names = new SortedSet<string>(BuiltIn(), StringComparer.Ordinal);
        if (Directory.Exists(themesDir))
        {
            foreach (var file in Directory.EnumerateFiles(themesDir, "*.json"))
            {
                names.Add(Path.GetFileNameWithoutExtension(file));
            }
        }

        return [.. names];
    }

    private static bool IsPath(string nameOrPath) =>
        nameOrPath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || nameOrPath.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal)
        || nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static string Read(string name, string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (FileNotFoundException e)
        {
            throw new ThemeException($"theme file not found: {file}", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ThemeException($"theme file not found: {file}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ThemeException($"theme \"{name}\": cannot read {file}: {e.Message}", e);
        }
    }

    /// <summary>The names of the themes built into the binary (from the repository's <c>themes/</c> folder).</summary>
    public static IReadOnlyList<string> BuiltIn() =>
        [.. typeof(ThemeLoader).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => n[ResourcePrefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal)];

    private static string? ReadBuiltIn(string name)
    {
        using var stream = typeof(ThemeLoader).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json");
        if (stream is null)
        {
            return name == DefaultName ? throw new ThemeException("the built-in default theme is missing from the build") : null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Theme Parse(string name, string json, string source, bool noColor)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ThemeException($"theme \"{name}\": bad JSON in {source}: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("slots", out var slots) || slots.ValueKind != JsonValueKind.Object)
            {
                throw new ThemeException($"theme \"{name}\": {source} must be an object with a \"slots\" object");
            }

            var palette = ReadPalette(name, root);
            var styles = new Dictionary<string, UiStyle>(StringComparer.Ordinal);
            foreach (var slot in slots.EnumerateObject())
            {
                if (!ThemeSlots.All.Contains(slot.Name))
                {
                    throw new ThemeException($"theme \"{name}\": unknown slot \"{slot.Name}\"; known slots: {string.Join(", ", ThemeSlots.All)}");
                }

                if (slot.Value.ValueKind != JsonValueKind.String)
                {
                    throw new ThemeException($"theme \"{name}\": slot \"{slot.Name}\" must be a style string");
                }

                var style = ParseStyle(name, slot.Name, slot.Value.GetString()!, palette);
                styles[slot.Name] = noColor ? style.WithoutColors() : style;
            }

            foreach (var (slot, older) in ThemeSlots.Fallbacks)
            {
                if (!styles.ContainsKey(slot) && styles.TryGetValue(older, out var style))
                {
                    styles[slot] = style;
                }
            }

            var missing = ThemeSlots.All.Where(s => !styles.ContainsKey(s)).ToList();
            if (missing.Count > 0)
            {
                var list = string.Join(", ", missing.Select(m => "\"" + m + "\""));
                throw new ThemeException($"theme \"{name}\": missing slot{(missing.Count > 1 ? "s" : "")} {list} in {source}");
            }

            return new Theme(name, styles.ToFrozenDictionary(StringComparer.Ordinal), noColor);
        }
    }

    private static Dictionary<string, string> ReadPalette(string name, JsonElement root)
    {
        var palette = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!root.TryGetProperty("palette", out var element))
        {
            return palette;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new ThemeException($"theme \"{name}\": \"palette\" must be an object of colour strings");
        }

        foreach (var colour in element.EnumerateObject())
        {
            if (colour.Value.ValueKind != JsonValueKind.String)
            {
                throw new ThemeException($"theme \"{name}\": palette colour \"{colour.Name}\" must be a string");
            }

            palette[colour.Name] = colour.Value.GetString()!;
        }

        return palette;
    }

    private static UiStyle ParseStyle(string name, string slot, string value, Dictionary<string, string> palette)
    {
        Color? foreground = null;
        Color? background = null;
        var flags = TextStyle.None;
        var onBackground = false;
        foreach (var raw in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var word = raw;
            if (word.StartsWith('$'))
            {
                word = palette.TryGetValue(word[1..], out var colour)
                    ? colour
                    : throw new ThemeException($"theme \"{name}\": slot \"{slot}\": unknown palette colour {word}");
            }

            var flag = Flag(word);
            if (flag is { } f && !onBackground)
            {
                flags |= f;
                continue;
            }

            if (string.Equals(word, "on", StringComparison.OrdinalIgnoreCase) && !onBackground)
            {
                onBackground = true;
                continue;
            }

            var parsed = ParseColor(word)
                ?? throw new ThemeException($"theme \"{name}\": slot \"{slot}\": bad style \"{value}\" (\"{raw}\" is not a flag or a colour)");
            if (onBackground)
            {
                background = parsed.Value;
            }
            else
            {
                foreground = parsed.Value;
            }
        }

        return new UiStyle(foreground, background, flags);
    }

    private static TextStyle? Flag(string word) => word.ToLowerInvariant() switch
    {
        "bold" => TextStyle.Bold,
        "dim" => TextStyle.Faint,
        "italic" => TextStyle.Italic,
        "underline" => TextStyle.Underline,
        "invert" or "reverse" => TextStyle.Reverse,
        "strikethrough" => TextStyle.Strikethrough,
        "blink" => TextStyle.Blink,
        _ => null,
    };

    /// <summary>A colour word: <c>default</c> is the terminal's own colour (an unset colour); else Terminal.Gui's parser
    /// (<c>grey</c> spelled as it knows it). Null when the word is not a colour.</summary>
    private static ColorWord? ParseColor(string word)
    {
        if (string.Equals(word, "default", StringComparison.OrdinalIgnoreCase))
        {
            return new ColorWord(null);
        }

        var spelled = word.Equals("grey", StringComparison.OrdinalIgnoreCase) ? "gray" : word;
        return Color.TryParse(spelled, null, out var color) ? new ColorWord(color) : null;
    }

    /// <summary>A parsed colour word: <see cref="Value"/> null means the terminal's default colour.</summary>
    private sealed record ColorWord(Color? Value);
}
