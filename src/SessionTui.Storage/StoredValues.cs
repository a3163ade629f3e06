using System.Globalization;
using SessionTui.Core;

namespace SessionTui.Storage;

/// <summary>How times and end reasons are spelled in the database.</summary>
internal static class StoredValues
{
    /// <summary>UTC ISO 8601 with seven fraction digits and a <c>Z</c>: fixed width, so text order is time order.</summary>
    private const string UtcFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";

    /// <summary>Spells a time as stored, e.g. <c>2024-05-01T09:30:00.0000000Z</c>, converted to UTC.</summary>
    public static string Utc(DateTimeOffset value) => value.UtcDateTime.ToString(UtcFormat, CultureInfo.InvariantCulture);

    /// <summary>Reads a time spelled by <see cref="Utc(DateTimeOffset)"/>; the result has offset zero.</summary>
    public static bool TryParseUtc(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParseExact(text, UtcFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    /// <summary>The <c>end_reason</c> spelling of a reason (the values the CHECK in <c>0001_sessions.sql</c> allows).</summary>
    public static string Reason(EndReason reason) => reason switch
    {
        EndReason.KilledFromWall => "killed-wall",
        EndReason.KilledFromCli => "killed-cli",
        EndReason.Exited => "exited",
        EndReason.Vanished => "vanished",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown end reason"),
    };

    /// <summary>Reads an <c>end_reason</c> value; false for a spelling this build does not know.</summary>
    public static bool TryParseReason(string text, out EndReason reason)
    {
        switch (text)
        {
            case "killed-wall":
                reason = EndReason.KilledFromWall;
                return true;
            case "killed-cli":
                reason = EndReason.KilledFromCli;
                return true;
            case "exited":
                reason = EndReason.Exited;
                return true;
            case "vanished":
                reason = EndReason.Vanished;
                return true;
            default:
                reason = default;
                return false;
        }
    }
}
