using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Spectre.Console;

namespace SessionTui.Rendering;

/// <summary>Writes Spectre styles as ECMA-48 SGR sequences (<c>ESC [ … m</c>), keeping palette colours as palette
/// numbers so the terminal's own colour scheme applies.</summary>
internal static class Sgr
{
    /// <summary>Resets every attribute.</summary>
    public const string Reset = "\u001b[0m";

    /// <summary>Spectre's palette colours by name (<see cref="Color.ToMarkup"/> gives the name of a palette colour and
    /// <c>#RRGGBB</c> for any other).</summary>
    private static readonly FrozenDictionary<string, int> PaletteNumbers = Enumerable.Range(0, 256)
        .Select(n => (Name: Color.FromInt32(n).ToMarkup(), Number: n))
        .DistinctBy(p => p.Name)
        .ToFrozenDictionary(p => p.Name, p => p.Number, StringComparer.Ordinal);

    private static readonly (Decoration Flag, int Code)[] Decorations =
    [
        (Decoration.Bold, 1), (Decoration.Dim, 2), (Decoration.Italic, 3), (Decoration.Underline, 4),
        (Decoration.SlowBlink, 5), (Decoration.RapidBlink, 6), (Decoration.Invert, 7), (Decoration.Conceal, 8),
        (Decoration.Strikethrough, 9),
    ];

    /// <summary>Whether <paramref name="style"/> writes nothing: default colours, no decoration.</summary>
    public static bool IsPlain(Style style) =>
        style.Decoration == Decoration.None && style.Foreground == Color.Default && style.Background == Color.Default;

    /// <summary>Appends one SGR that resets and then sets <paramref name="style"/>.</summary>
    public static void Append(StringBuilder output, Style style)
    {
        output.Append("\u001b[0");
        foreach (var (flag, code) in Decorations)
        {
            if ((style.Decoration & flag) != 0)
            {
                output.Append(';').Append(code.ToString(CultureInfo.InvariantCulture));
            }
        }

        AppendColor(output, style.Foreground, 30);
        AppendColor(output, style.Background, 40);
        output.Append('m');
    }

    private static void AppendColor(StringBuilder output, Color color, int @base)
    {
        if (color == Color.Default)
        {
            return;
        }

        output.Append(';');
        if (PaletteNumbers.TryGetValue(color.ToMarkup(), out var n))
        {
            output.Append(n switch
            {
                < 8 => (@base + n).ToString(CultureInfo.InvariantCulture),
                < 16 => (@base + 60 + n - 8).ToString(CultureInfo.InvariantCulture),
                _ => string.Create(CultureInfo.InvariantCulture, $"{@base + 8};5;{n}"),
            });
            return;
        }

        output.Append(CultureInfo.InvariantCulture, $"{@base + 8};2;{color.R};{color.G};{color.B}");
    }
}
