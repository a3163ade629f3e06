using System.Runtime.CompilerServices;

namespace SessionTui.Tests.Ui;

/// <summary>Golden frames: <c>Golden/&lt;Class&gt;/&lt;Case&gt;.txt</c>, one line per row. <c>UPDATE_GOLDEN=1</c> rewrites
/// them in the source tree (found by walking up from the test binary to the folder of SessionTui.Tests.csproj).</summary>
internal static class Golden
{
    public static void Verify(IReadOnlyList<string> frame, string caseName, [CallerFilePath] string callerFile = "")
    {
        var className = Path.GetFileNameWithoutExtension(callerFile);
        var relative = Path.Combine("Golden", className, caseName + ".txt");
        var actual = string.Join('\n', frame) + "\n";
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            var path = Path.Combine(ProjectDirectory(), relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        var expectedPath = Path.Combine(AppContext.BaseDirectory, relative);
        Assert.True(File.Exists(expectedPath), $"no golden file {relative}; run with UPDATE_GOLDEN=1 to create it. Actual:\n{actual}");
        var expected = File.ReadAllText(expectedPath).ReplaceLineEndings("\n");
        if (expected == actual)
        {
            return;
        }

        var expectedRows = expected.Split('\n');
        var row = Enumerable.Range(0, frame.Count).FirstOrDefault(i => i >= expectedRows.Length || expectedRows[i] != frame[i]);
        Assert.Fail($"{relative} differs at row {row}.\nexpected: {(row < expectedRows.Length ? expectedRows[row] : "(no row)")}\nactual:   {frame[row]}\n\nActual frame:\n{actual}\nReview, then run with UPDATE_GOLDEN=1 to accept.");
    }

    private static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SessionTui.Tests.csproj")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SessionTui.Tests.csproj not found above " + AppContext.BaseDirectory);
    }
}
