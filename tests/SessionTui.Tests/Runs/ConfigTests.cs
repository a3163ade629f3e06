using SessionTui.Workcells;

namespace SessionTui.Tests.Runs;

public sealed class ConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("stui-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_a_file_the_built_in_presets_are_used()
    {
        var config = WorkcellConfig.Load(Path.Join(_dir, "missing.json"));

        Assert.Equal("claude", config.DefaultAgent);
        Assert.Equal(["claude", "codex", "aider", "gemini"], config.Agents.Keys);
        Assert.Equal(8L * 1024 * 1024, config.LogMaxBytes);
        Assert.Equal(30, config.RunRetentionDays);
    }

    [Fact]
    public void Run_retention_days_is_read_and_must_be_at_least_one()
    {
        Assert.Equal(7, WorkcellConfig.Load(Write("{ \"run_retention_days\": 7 }")).RunRetentionDays);

        var e = Assert.Throws<ConfigException>(() => WorkcellConfig.Load(Write("{ \"run_retention_days\": 0 }")));

        Assert.Contains("run_retention_days must be at least 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void User_presets_add_to_and_replace_built_in_ones_and_repos_are_found_by_path()
    {
        var file = Write("""
            {
              // comments are fine
              "default_agent": "mine",
              "agents": { "mine": { "command": ["my-agent", "{brief}"] }, "codex": { "command": ["codex", "{task}"] } },
              "repos": { "/src/api/": { "forbidden_paths": ["secrets/**"], "verify": "make test" } },
              "verify_timeout_seconds": 30,
            }
            """);

        var config = WorkcellConfig.Load(file);

        Assert.Equal("mine", config.DefaultAgent);
        Assert.Equal(["my-agent", "{brief}"], config.Agents["mine"].Command);
        Assert.Equal(["codex", "{task}"], config.Agents["codex"].Command);
        Assert.Equal(["secrets/**"], config.RepoFor("/src/api/pkg").ForbiddenPaths);
        Assert.Equal("make test", config.RepoFor("/src/api").Verify);
        Assert.Empty(config.RepoFor("/src/apix").ForbiddenPaths);
        Assert.Equal(30, config.VerifyTimeoutSeconds);
    }

    [Theory]
    [InlineData("{ \"agnets\": {} }", "agnets")]
    [InlineData("{ \"agents\": { \"x\": { \"command\": [] } } }", "agent 'x' needs a non-empty \"command\"")]
    [InlineData("{ \"default_agent\": \"nope\" }", "default_agent 'nope' is not a preset")]
    [InlineData("{ not json", "config.json")]
    public void A_bad_file_is_one_line_naming_the_file_and_the_problem(string text, string expected)
    {
        var file = Write(text);

        var e = Assert.Throws<ConfigException>(() => WorkcellConfig.Load(file));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith(file, e.Message, StringComparison.Ordinal);
    }

    private string Write(string text)
    {
        var file = Path.Join(_dir, "config.json");
        File.WriteAllText(file, text);
        return file;
    }
}
