using System.Globalization;

namespace SessionTui.Storage;

/// <summary>
/// The schema migrations embedded in this assembly from <c>Migrations/NNNN_name.sql</c> (logical name
/// <c>SessionTui.Storage.Migrations.NNNN_name.sql</c>), in order.
/// </summary>
internal static class MigrationScripts
{
    private const string ResourcePrefix = "SessionTui.Storage.Migrations.";

    /// <summary>The SQL of every migration: the script at index <c>i</c> brings <c>PRAGMA user_version</c> from <c>i</c>
    /// to <c>i + 1</c>.</summary>
    public static IReadOnlyList<string> All { get; } = Load();

    private static string[] Load()
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var scripts = new string[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var expected = (i + 1).ToString("D4", CultureInfo.InvariantCulture) + "_";
            if (!names[i].AsSpan(ResourcePrefix.Length).StartsWith(expected, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"migration {names[i]} is out of sequence: expected {expected}*.sql at position {i + 1}");
            }

            using var stream = assembly.GetManifestResourceStream(names[i])
                ?? throw new InvalidOperationException($"migration {names[i]} is listed but cannot be read");
            using var reader = new StreamReader(stream);
            scripts[i] = reader.ReadToEnd();
        }

        return scripts;
    }
}
