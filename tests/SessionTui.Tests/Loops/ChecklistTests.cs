using System.Text;
using SessionTui.Workcells.Loops;

namespace SessionTui.Tests.Loops;

public sealed class ChecklistTests
{
    private static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Loops", name), new UTF8Encoding(false));

    private static (string Text, bool Checked, int Line, int Depth)[] Shape(Checklist checklist) =>
        [.. checklist.Items.Select(i => (i.Text, i.Checked, i.Line, i.Depth))];

    [Fact]
    public void Every_bullet_kind_and_both_check_marks_are_items_at_their_line_and_depth()
    {
        // Given a file with every list marker, x and X, prose and inline code mentioning boxes, and nested lists
        var markdown = Fixture("bullets.md");

        // When it is parsed
        var checklist = Checklist.Parse(markdown);

        // Then exactly the task-list items count, with normalised text, 1-based lines and nesting depth
        Assert.Equal(
            [
                ("Dash open", false, 6, 0),
                ("Dash done", true, 7, 0),
                ("Star done with a capital X", true, 8, 0),
                ("Plus open", false, 9, 0),
                ("Ordered with a dot", true, 10, 0),
                ("Ordered with a parenthesis", false, 11, 0),
                ("Spaces and a tab inside **bold** continued on the next line with `code`", false, 12, 0),
                ("Mentions [x] and [ ] later in its text", true, 14, 0),
                ("Nested open", false, 18, 1),
                ("Nested twice done", true, 19, 2),
                ("Nested thrice in an ordered list", false, 20, 3),
                ("Back at the top", false, 21, 0),
                ("Quoted item with a quoted continuation", false, 22, 0),
            ],
            Shape(checklist));
        Assert.Equal(13, checklist.Total);
        Assert.Equal(5, checklist.Done);
        Assert.False(checklist.IsComplete);
        Assert.Equal(
            ["Dash open", "Plus open", "Ordered with a parenthesis"],
            checklist.Unchecked.Take(3).Select(i => i.Text));
        Assert.Equal(8, checklist.Unchecked.Count);
    }

    [Fact]
    public void Items_in_fenced_or_indented_code_do_not_count_and_an_unclosed_fence_runs_to_the_end()
    {
        // Given a file with backtick, tilde, longer and unclosed fences, a fence inside a list item and indented code
        var markdown = Fixture("fences.md");

        // When it is parsed
        var checklist = Checklist.Parse(markdown);

        // Then only the items outside every code block count
        Assert.Equal(
            [
                ("Before the fences", false, 3, 0),
                ("Between the fences", true, 19, 0),
                ("A list item holding a fence", false, 20, 0),
                ("After the fence in the list", false, 24, 0),
                ("Before the unclosed fence", false, 30, 0),
            ],
            Shape(checklist));
    }

    [Fact]
    public void CRLF_line_endings_give_the_same_items_as_LF()
    {
        // Given the same file with LF and with CRLF line endings
        var lf = Fixture("bullets.md");
        var crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);

        // When both are parsed
        var fromLf = Checklist.Parse(lf);
        var fromCrlf = Checklist.Parse(crlf);

        // Then the items are the same, text, lines and keys included
        Assert.Contains("\r\n", crlf, StringComparison.Ordinal);
        Assert.Equal(fromLf.Items, fromCrlf.Items);
    }

    [Fact]
    public void Items_with_the_same_text_get_numbered_keys_in_file_order()
    {
        // Given three items with the same text (once with other spacing) and one literally named like a numbered key
        var markdown = "- [ ] Run   the tests\n- [x] Run the tests#2\n- [x] Run the tests\n- [ ] Other\n- [ ] Run the tests\n";

        // When it is parsed
        var checklist = Checklist.Parse(markdown);

        // Then the first keeps its text as key and the others are numbered past the taken key
        Assert.Equal(
            ["Run the tests", "Run the tests#2", "Run the tests#3", "Other", "Run the tests#4"],
            checklist.Items.Select(i => i.Key));
    }

    [Fact]
    public void A_file_without_items_gives_an_empty_checklist_that_is_not_complete()
    {
        // Given prose, a plain list and a fenced item only
        var markdown = "# Notes\n\nSee [ ] here.\n\n- plain\n\n```\n- [ ] fenced\n```\n";

        // When it is parsed
        var checklist = Checklist.Parse(markdown);

        // Then there are no items, and an empty checklist is not complete
        Assert.Empty(checklist.Items);
        Assert.Equal(0, checklist.Total);
        Assert.Equal(0, checklist.Done);
        Assert.Empty(checklist.Unchecked);
        Assert.False(checklist.IsComplete);
        Assert.False(Checklist.Parse("").IsComplete);
    }

    [Fact]
    public void A_checklist_with_every_item_checked_is_complete()
    {
        // Given a file whose items are all checked
        var checklist = Checklist.Parse("- [x] One\n  - [X] Two\n");

        // Then it is complete and nothing is open
        Assert.True(checklist.IsComplete);
        Assert.Equal(2, checklist.Done);
        Assert.Empty(checklist.Unchecked);
    }

    [Fact]
    public void Progress_matches_items_by_text_when_items_move_and_the_rest_of_the_file_changes()
    {
        // Given a PRD before a run, and after it: prose edited, items reordered, two checked, one unchecked,
        // one item's text edited and one item added
        var before = Checklist.Parse(Fixture("prd-before.md"));
        var after = Checklist.Parse(Fixture("prd-after.md"));

        // When the two versions are compared
        var progress = Checklist.Compare(before, after);

        // Then checks follow the text, not the line, and the edited item counts as removed and added
        Assert.Equal(["Document the flag", "Add retries to `fetch`"], progress.NewlyChecked.Select(i => i.Key));
        Assert.Equal([7, 9], progress.NewlyChecked.Select(i => i.Line));
        Assert.Equal(["Write the parser"], progress.NewlyUnchecked.Select(i => i.Key));
        Assert.Equal(["Remove the old HTTP client", "Add a changelog entry"], progress.Added.Select(i => i.Key));
        Assert.Equal(["Remove the old client"], progress.Removed.Select(i => i.Key));
        Assert.Equal(10, progress.Removed[0].Line);
    }

    [Fact]
    public void Duplicates_are_matched_by_occurrence_across_versions()
    {
        // Given two items with the same text, and after a run the second of them checked
        var before = Checklist.Parse("- [ ] Fix lint\n- [ ] Build\n- [ ] Fix lint\n");
        var after = Checklist.Parse("- [ ] Fix lint\n- [x] Build\n- [x] Fix lint\n");

        // When the two versions are compared
        var progress = Checklist.Compare(before, after);

        // Then the second occurrence is the one newly checked, and nothing is added or removed
        Assert.Equal(["Build", "Fix lint#2"], progress.NewlyChecked.Select(i => i.Key));
        Assert.Empty(progress.NewlyUnchecked);
        Assert.Empty(progress.Added);
        Assert.Empty(progress.Removed);
    }

    [Fact]
    public void Comparing_a_checklist_with_itself_shows_no_change()
    {
        // Given a parsed fixture
        var checklist = Checklist.Parse(Fixture("bullets.md"));

        // When it is compared with itself
        var progress = Checklist.Compare(checklist, checklist);

        // Then nothing changed
        Assert.Empty(progress.NewlyChecked);
        Assert.Empty(progress.NewlyUnchecked);
        Assert.Empty(progress.Added);
        Assert.Empty(progress.Removed);
    }
}
