namespace SessionTui.Workcells;

/// <summary>The placeholders of a command template: <c>{task}</c>, <c>{brief}</c>, <c>{run_dir}</c>. Each argument of the
/// template stays one argument after replacing (no shell ever sees it), so a task with quotes, <c>$()</c> and newlines
/// reaches the agent verbatim.</summary>
public static class Placeholders
{
    /// <summary>Replaces the placeholders in every argument.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        return template.Select(arg => values.Aggregate(arg, (a, kv) => a.Replace("{" + kv.Key + "}", kv.Value, StringComparison.Ordinal))).ToList();
    }
}
