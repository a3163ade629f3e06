using Markdig;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;

namespace SessionTui.Workcells.Loops;

/// <summary>
/// The task-list items of a markdown file (a PRD a loop works through), parsed by Markdig's CommonMark parser with its
/// task-list extension; pure, nothing touches the file system.
/// </summary>
/// <remarks>
/// <para>An item is a GitHub task-list item: a list item (<c>-</c>, <c>*</c>, <c>+</c>, <c>1.</c> or <c>1)</c>, at any
/// nesting depth, also inside block quotes) whose first paragraph starts with <c>[ ]</c> (open) or <c>[x]</c> /
/// <c>[X]</c> (done) followed by whitespace and some text. As in GitHub's renderer, <c>[x]</c> glued to the text
/// (<c>- [x]done</c>) or with no text after it is not an item.</para>
/// <para>CommonMark decides what is a list: nothing inside fenced code blocks (<c>```</c> or <c>~~~</c>, longer fences,
/// info strings; an unclosed fence runs to the end of its container, the whole file at top level) or indented code blocks
/// counts, nor <c>[ ]</c> in prose or inline code. CRLF and LF line endings both work.</para>
/// </remarks>
public sealed class Checklist
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseTaskLists()
        .UsePreciseSourceLocation()
        .Build();

    private Checklist(IReadOnlyList<ChecklistItem> items)
    {
        Items = items;
        Done = items.Count(i => i.Checked);
        Unchecked = [.. items.Where(i => !i.Checked)];
    }

    /// <summary>Every item, in file order; keys are unique.</summary>
    public IReadOnlyList<ChecklistItem> Items { get; }

    /// <summary>The number of items.</summary>
    public int Total => Items.Count;

    /// <summary>The number of checked items.</summary>
    public int Done { get; }

    /// <summary>True when there is at least one item and every item is checked; false for a file with no items.</summary>
    public bool IsComplete => Total > 0 && Done == Total;

    /// <summary>The items still open, in file order.</summary>
    public IReadOnlyList<ChecklistItem> Unchecked { get; }

    /// <summary>The checklist of a markdown text; a text without items gives an empty checklist.</summary>
    /// <param name="markdown">The file's text (LF or CRLF line endings).</param>
    /// <exception cref="ArgumentNullException"><paramref name="markdown"/> is null.</exception>
    public static Checklist Parse(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var document = Markdown.Parse(markdown, Pipeline);
        var items = new List<ChecklistItem>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var listItem in document.Descendants<ListItemBlock>())
        {
            if (listItem.Count == 0 || listItem[0] is not ParagraphBlock { Inline.FirstChild: TaskList box }
                || !FollowedByWhitespace(markdown, box))
            {
                continue;
            }

            var text = TextAfter(markdown, box);
            if (text.Length == 0)
            {
                continue;
            }

            items.Add(new ChecklistItem(text, box.Checked, listItem.Line + 1, Depth(listItem), UniqueKey(text, keys)));
        }

        return new Checklist(items);
    }

    /// <summary>What changed between two versions of a checklist, matching items by <see cref="ChecklistItem.Key"/>.</summary>
    /// <param name="before">The checklist before a run.</param>
    /// <param name="after">The checklist after it.</param>
    /// <returns>The changes; each list in file order (of <paramref name="after"/>, of <paramref name="before"/> for
    /// <see cref="ChecklistProgress.Removed"/>).</returns>
    /// <exception cref="ArgumentNullException">Either checklist is null.</exception>
    public static ChecklistProgress Compare(Checklist before, Checklist after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var was = before.Items.ToDictionary(i => i.Key, StringComparer.Ordinal);
        var now = after.Items.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        return new ChecklistProgress(
            NewlyChecked: [.. after.Items.Where(i => i.Checked && was.TryGetValue(i.Key, out var old) && !old.Checked)],
            NewlyUnchecked: [.. after.Items.Where(i => !i.Checked && was.TryGetValue(i.Key, out var old) && old.Checked)],
            Added: [.. after.Items.Where(i => !was.ContainsKey(i.Key))],
            Removed: [.. before.Items.Where(i => !now.Contains(i.Key))]);
    }

    /// <summary>GitHub's rule: the box must be followed by whitespace (a space, a tab or the line's end).</summary>
    private static bool FollowedByWhitespace(string markdown, TaskList box)
    {
        var next = box.Span.End + 1;
        return next < markdown.Length && char.IsWhiteSpace(markdown[next]);
    }

    /// <summary>
    /// The source of the paragraph's inlines after the box, whitespace collapsed: inline markdown stays as written, and
    /// what lies between inlines (a block quote's <c>&gt;</c> on a continuation line, indentation) becomes one space.
    /// </summary>
    private static string TextAfter(string markdown, TaskList box)
    {
        var parts = new List<string>();
        for (var inline = box.NextSibling; inline is not null; inline = inline.NextSibling)
        {
            parts.Add(markdown.Substring(inline.Span.Start, inline.Span.Length));
        }

        return string.Join(' ', string.Join(' ', parts).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>0 for a top-level item, one more per enclosing list item.</summary>
    private static int Depth(ListItemBlock listItem)
    {
        var depth = 0;
        for (var parent = listItem.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is ListItemBlock)
            {
                depth++;
            }
        }

        return depth;
    }

    /// <summary>The text itself for its first occurrence, <c>text#2</c>, <c>text#3</c>… for the next ones.</summary>
    private static string UniqueKey(string text, HashSet<string> keys)
    {
        var key = text;
        for (var occurrence = 2; !keys.Add(key); occurrence++)
        {
            key = text + "#" + occurrence;
        }

        return key;
    }
}

/// <summary>One task-list item of a <see cref="Checklist"/>.</summary>
/// <param name="Text">The text after the box as written (inline markdown kept), whitespace collapsed to single spaces
/// and trimmed, continuation lines joined: <c>- [ ] Add *retry*\n  to `fetch`</c> gives <c>Add *retry* to `fetch`</c>.</param>
/// <param name="Checked">True for <c>[x]</c> or <c>[X]</c>.</param>
/// <param name="Line">The 1-based line of the item's list marker.</param>
/// <param name="Depth">0 for a top-level item, 1 for an item nested in another list item, and so on.</param>
/// <param name="Key">Identifies the item across versions of the file by its text alone, so moving items or editing the
/// rest of the file keeps it: the text for its first occurrence, <c>text#2</c>, <c>text#3</c>… for later items with the
/// same text (a key is never reused, even if another item's text is literally <c>text#2</c>).</param>
public sealed record ChecklistItem(string Text, bool Checked, int Line, int Depth, string Key);

/// <summary>The difference between two versions of a checklist, by <see cref="ChecklistItem.Key"/>; an item whose text
/// was edited counts as removed and added.</summary>
/// <param name="NewlyChecked">Items open before and checked after (as they are after).</param>
/// <param name="NewlyUnchecked">Items checked before and open after (as they are after).</param>
/// <param name="Added">Items whose key was not there before, checked or not (as they are after).</param>
/// <param name="Removed">Items whose key is gone (as they were before).</param>
public sealed record ChecklistProgress(
    IReadOnlyList<ChecklistItem> NewlyChecked,
    IReadOnlyList<ChecklistItem> NewlyUnchecked,
    IReadOnlyList<ChecklistItem> Added,
    IReadOnlyList<ChecklistItem> Removed);
