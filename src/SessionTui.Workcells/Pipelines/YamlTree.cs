using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SessionTui.Workcells.Pipelines;

/// <summary>A node of a YAML document as <see cref="YamlTree"/> reads it, with the 1-based position where it starts.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
internal abstract record YNode(int Line, int Column)
{
    /// <summary>What the node is, for messages: <c>a mapping</c>, <c>a list</c>, <c>a text</c>, <c>nothing (null)</c>.</summary>
    public abstract string Kind { get; }
}

/// <summary>A scalar.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Value">The scalar's text (escapes resolved, folding applied).</param>
/// <param name="Plain">True for a plain (unquoted, non-block) scalar: only plain scalars can be integers or null.</param>
internal sealed record YScalar(int Line, int Column, string Value, bool Plain) : YNode(Line, Column)
{
    /// <summary>True for YAML's null: a plain empty value, <c>~</c>, <c>null</c>, <c>Null</c> or <c>NULL</c>.</summary>
    public bool IsNull => Plain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc/>
    public override string Kind => IsNull ? "nothing (null)" : $"'{Value}'";
}

/// <summary>A mapping; its entries in document order, duplicate keys kept (the validator reports them).</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Entries">Key and value of each entry.</param>
internal sealed record YMapping(int Line, int Column, IReadOnlyList<KeyValuePair<YNode, YNode>> Entries) : YNode(Line, Column)
{
    /// <inheritdoc/>
    public override string Kind => "a mapping";
}

/// <summary>A sequence.</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Items">Its items in order.</param>
internal sealed record YSequence(int Line, int Column, IReadOnlyList<YNode> Items) : YNode(Line, Column)
{
    /// <inheritdoc/>
    public override string Kind => "a list";
}

/// <summary>
/// Reads one YAML document into <see cref="YNode"/>s from YamlDotNet's event parser (<see cref="Parser"/>; no reflection,
/// safe for Native AOT).
/// </summary>
/// <remarks>
/// <para>YamlDotNet's representation model (<c>YamlStream</c>) stops at the first duplicate key with an exception, which
/// would hide every other error of the file; this reader keeps duplicate keys so the validator reports them together with
/// the rest. Aliases (<c>*name</c>) resolve to a copy of the anchored node placed at the alias (its children keep the
/// anchor's positions); an unknown alias is a syntax error; merge keys (<c>&lt;&lt;</c>) get no special meaning.</para>
/// <para>A YAML syntax error ends reading: it is the only error returned, at YamlDotNet's start mark of the problem (at the
/// first tab in an indentation for YamlDotNet's position-less tab error, at the last event read when the scanner fails
/// without a position).</para>
/// </remarks>
internal static class YamlTree
{
    /// <summary>Nesting deeper than this is refused (a pipeline file needs about six levels).</summary>
    private const int MaxDepth = 64;

    /// <summary>Reads the first document of <paramref name="yaml"/>.</summary>
    /// <param name="yaml">The file's text.</param>
    /// <param name="errors">Receives the syntax error (an unknown alias is one), or a second document.</param>
    /// <returns>The document's root; null for a text without a document (empty or comments only) or after a syntax
    /// error.</returns>
    public static YNode? Read(string yaml, List<PipelineError> errors)
    {
        var parser = new Parser(new StringReader(yaml));
        var reader = new Reader(parser, errors);
        try
        {
            return reader.ReadStream();
        }
        catch (YamlException e)
        {
            var (line, column) = e.Start.Index == 0 && e.End.Index == 0 && e.Message.Contains("tab", StringComparison.Ordinal)
                && FirstTabIndent(yaml) is { } tab
                ? tab
                : ((int)e.Start.Line, (int)e.Start.Column);
            errors.Add(new PipelineError(line, column, "YAML syntax error: " + e.Message));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // YamlDotNet's scanner fails like this on some malformed input (an unclosed flow sequence before a new key).
            errors.Add(new PipelineError(reader.LastLine, reader.LastColumn, "YAML syntax error near here"));
        }

        return null;
    }

    /// <summary>
    /// The 1-based line and column of the first tab in a line's indentation. YamlDotNet reports "found invalid tab as
    /// indentation" at the file's start (index 0), so the reader looks for the place itself; null when there is no such tab.
    /// </summary>
    private static (int Line, int Column)? FirstTabIndent(string yaml)
    {
        var lines = yaml.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    /// <summary>The state of one read: the parser, the anchors seen so far, the errors.</summary>
    private sealed class Reader(IParser parser, List<PipelineError> errors)
    {
        private readonly Dictionary<string, YNode> anchors = new(StringComparer.Ordinal);

        /// <summary>The 1-based line where the last event read ended.</summary>
        public int LastLine { get; private set; } = 1;

        /// <summary>The 1-based column where the last event read ended.</summary>
        public int LastColumn { get; private set; } = 1;

        public YNode? ReadStream()
        {
            Next<StreamStart>();
            YNode? root = null;
            var documents = 0;
            while (Peek() is DocumentStart start)
            {
                documents++;
                if (documents == 2)
                {
                    errors.Add(new PipelineError((int)start.Start.Line, (int)start.Start.Column,
                        "a pipeline file holds one YAML document; remove this second one (or the '---' before it)"));
                }

                Next<DocumentStart>();
                var node = ReadNode(0);
                Next<DocumentEnd>();
                root ??= node;
            }

            Next<StreamEnd>();
            return root;
        }

        private YNode ReadNode(int depth)
        {
            var parsingEvent = Peek();
            if (depth > MaxDepth)
            {
                throw new YamlException(parsingEvent.Start, parsingEvent.End, $"nesting deeper than {MaxDepth} levels");
            }

            switch (parsingEvent)
            {
                case Scalar scalar:
                    Advance();
                    return Anchor(scalar.Anchor, new YScalar(
                        (int)scalar.Start.Line, (int)scalar.Start.Column, scalar.Value, scalar.Style is ScalarStyle.Plain or ScalarStyle.Any));
                case SequenceStart sequenceStart:
                    {
                        Advance();
                        var items = new List<YNode>();
                        while (Peek() is not SequenceEnd)
                        {
                            items.Add(ReadNode(depth + 1));
                        }

                        Advance();
                        return Anchor(sequenceStart.Anchor, new YSequence((int)sequenceStart.Start.Line, (int)sequenceStart.Start.Column, items));
                    }

                case MappingStart mappingStart:
                    {
                        Advance();
                        var entries = new List<KeyValuePair<YNode, YNode>>();
                        while (Peek() is not MappingEnd)
                        {
                            var key = ReadNode(depth + 1);
                            var value = ReadNode(depth + 1);
                            entries.Add(new(key, value));
                        }

                        Advance();
                        return Anchor(mappingStart.Anchor, new YMapping((int)mappingStart.Start.Line, (int)mappingStart.Start.Column, entries));
                    }

                case AnchorAlias alias:
                    Advance();
                    if (anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        return anchored with { Line = (int)alias.Start.Line, Column = (int)alias.Start.Column };
                    }

                    throw new YamlException(alias.Start, alias.End, $"unknown alias '*{alias.Value.Value}' (no '&{alias.Value.Value}' before it)");
                default:
                    throw new YamlException(parsingEvent.Start, parsingEvent.End, $"unexpected {parsingEvent.GetType().Name}");
            }
        }

        private YNode Anchor(AnchorName anchor, YNode node)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = node;
            }

            return node;
        }

        private ParsingEvent Peek()
        {
            if (parser.Current is null && !parser.MoveNext())
            {
                throw new YamlException(Mark.Empty, Mark.Empty, "unexpected end of the file");
            }

            var current = parser.Current!;
            LastLine = (int)current.End.Line;
            LastColumn = (int)current.End.Column;
            return current;
        }

        private void Advance() => parser.MoveNext();

        private void Next<T>()
            where T : ParsingEvent
        {
            var current = Peek();
            if (current is not T)
            {
                throw new YamlException(current.Start, current.End, $"expected {typeof(T).Name}, found {current.GetType().Name}");
            }

            Advance();
        }
    }
}
