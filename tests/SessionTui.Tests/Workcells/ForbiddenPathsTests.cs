using SessionTui.Workcells.Verifying;

namespace SessionTui.Tests.Workcells;

public sealed class ForbiddenPathsTests
{
    [Theory]
    [InlineData("secrets/**", "secrets/prod.key", true)]
    [InlineData("secrets/**", "secrets/deep/er/prod.key", true)]
    [InlineData("secrets/**", "app/secrets/prod.key", false)]
    [InlineData("secrets/**", "secretsx/a", false)]
    [InlineData("*.pem", "server.pem", true)]
    [InlineData("*.pem", "deep/down/server.pem", true)]
    [InlineData("*.pem", "server.pem.txt", false)]
    [InlineData("infra/prod/", "infra/prod/main.tf", true)]
    [InlineData("infra/prod/", "infra/prod/modules/x/y.tf", true)]
    [InlineData("infra/prod/", "infra/production.tf", false)]
    [InlineData("infra/prod/", "infra/prod", false)]
    [InlineData("/Makefile", "Makefile", true)]
    [InlineData("/Makefile", "sub/Makefile", false)]
    [InlineData("Makefile", "sub/Makefile", true)]
    [InlineData("secrets", "a/secrets/b.key", true)]
    [InlineData("Secrets/**", "secrets/x", false)]
    [InlineData("docs/*.md", "docs/a b 日本.md", true)]
    [InlineData("docs/*.md", "docs/sub/a.md", false)]
    [InlineData("docs/**/*.md", "docs/sub/a.md", true)]
    [InlineData("*.key", "it's \"quoted\" ü.key", true)]
    [InlineData(".sessiontui/**", ".sessiontui/forbidden-paths", true)]
    [InlineData("secrets/**", ".sessiontui/forbidden-paths", false)]
    public void Globs_match_like_gitignore(string glob, string path, bool forbidden)
    {
        // Given a rules file with a comment, a blank line and one glob
        var rules = ForbiddenPaths.Parse("# a comment\n\n  " + glob + "  \n");

        // Then the path is forbidden exactly when gitignore would match it
        Assert.Equal(forbidden, rules.IsForbidden(path));
        Assert.Equal(forbidden ? [path] : [], rules.Match([path]));
    }

    [Fact]
    public void Rules_combine_the_file_and_extra_rules_and_keep_input_order()
    {
        // Given a rules file and extra rules from the configuration
        var rules = ForbiddenPaths.Parse("a/**\r\n# comment\r\n", ["*.key", "a/**"]);

        // Then both apply, duplicates are dropped, and matches keep the input's order without repeats
        Assert.Equal(["a/**", "*.key"], rules.Rules);
        Assert.Equal(["b/c.key", "a/x"], rules.Match(["b/c.key", "b/c.txt", "a/x", "b/c.key"]));
    }

    [Fact]
    public void An_exception_line_wins_over_every_rule_whatever_its_place()
    {
        var rules = ForbiddenPaths.Parse("!secrets/README.md\nsecrets/**\n");

        Assert.Equal(["secrets/a.key"], rules.Match(["secrets/a.key", "secrets/README.md"]));
    }

    [Fact]
    public void No_rules_forbid_nothing()
    {
        Assert.Empty(ForbiddenPaths.None.Match(["anything", ".sessiontui/forbidden-paths"]));
        Assert.Empty(ForbiddenPaths.Parse(null).Rules);
        Assert.Empty(ForbiddenPaths.Parse("# only a comment\n\n!x\n").Match(["x", "y"]));
    }
}
