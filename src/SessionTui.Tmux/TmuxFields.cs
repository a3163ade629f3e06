using System.Globalization;

namespace SessionTui.Tmux;

/// <summary>Typed reads of format fields (tmux(1) FORMATS), failing with the field's name.</summary>
internal static class TmuxFields
{
    public static int Int(string[] fields, int index, string name) =>
        int.TryParse(fields[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Invalid(fields[index], name, "an integer");

    public static int? OptionalInt(string[] fields, int index, string name) =>
        fields[index].Length == 0 ? null : Int(fields, index, name);

    public static bool Flag(string[] fields, int index, string name) => fields[index] switch
    {
        "1" => true,
        "0" => false,
        var other => throw Invalid(other, name, "0 or 1"),
    };

    public static DateTimeOffset UnixSeconds(string[] fields, int index, string name) =>
        long.TryParse(fields[index], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw Invalid(fields[index], name, "Unix seconds");

    public static string Id(string[] fields, int index, string name, char sigil) =>
        TmuxTargets.IsId(fields[index], sigil) ? fields[index] : throw Invalid(fields[index], name, $"an id like {sigil}3");

    private static FormatException Invalid(string value, string name, string expected) =>
        new($"tmux field {name} is not {expected}: '{value}'");
}
