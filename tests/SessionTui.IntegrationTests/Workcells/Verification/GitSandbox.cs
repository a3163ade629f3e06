using System.Diagnostics;

namespace SessionTui.IntegrationTests.Workcells.Verification;

/// <summary>
/// A temp folder with a git repository (<c>main</c>, its own identity on every commit: CI has no global git
/// configuration, and no signing) and a run folder beside it; Dispose deletes both.
/// </summary>
public sealed class GitSandbox : IDisposable
{
    private readonly string _root;

    /// <summary>Creates the folders; <paramref name="git"/> false leaves the work folder outside any repository.</summary>
    public GitSandbox(bool git = true)
    {
        _root = Directory.CreateTempSubdirectory("stui-verify-").FullName;
        Repo = Path.Join(_root, "repo dir ü");
        RunDir = Path.Join(_root, "run");
        Directory.CreateDirectory(Repo);
        Directory.CreateDirectory(RunDir);
        if (git)
        {
            Git("init", "-q", "-b", "main");
        }
    }

    /// <summary>The work tree (its name has a space and a non-ASCII letter).</summary>
    public string Repo { get; }

    /// <summary>The run folder.</summary>
    public string RunDir { get; }

    /// <summary>Runs git in the repository and returns its stdout; throws when it fails.</summary>
    public string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-C", Repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", .. args])
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0 ? stdout : throw new InvalidOperationException($"git {string.Join(' ', args)}: {stderr}");
    }

    /// <summary>Writes a file (folders created) under the repository.</summary>
    public void Write(string path, string text = "x\n")
    {
        var full = Path.Join(Repo, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Writes, stages and commits a file; returns the new HEAD.</summary>
    public string Commit(string path, string message, string text = "x\n")
    {
        Write(path, text);
        Git("add", "--", path);
        Git("commit", "-q", "-m", message);
        return Head();
    }

    /// <summary>HEAD's full hash.</summary>
    public string Head() => Git("rev-parse", "HEAD").Trim();

    /// <summary>Writes the run folder's <c>verify.sh</c> the way the launcher does.</summary>
    public void VerifyScript(string command) =>
        File.WriteAllText(Path.Join(RunDir, "verify.sh"), "#!/bin/sh\nexec 2>&1\n" + command + "\n");

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_root, recursive: true);
}
