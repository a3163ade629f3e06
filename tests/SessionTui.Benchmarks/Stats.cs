namespace SessionTui.Benchmarks;

/// <summary>Order statistics.</summary>
internal static class Stats
{
    /// <summary>The <paramref name="percent"/>th percentile, linear between the two nearest ranks; NaN for no values.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
