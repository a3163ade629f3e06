using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SessionTui.Workcells.Pipelines;

/// <summary>
/// Reads and validates a pipeline file (<c>sessiontui pipeline run FILE NAME</c>): YAML parsed by YamlDotNet's event
/// parser (no reflection), checked completely in one pass. The format is documented in the README (Pipelines):
/// <code>
/// version: 1                  # required, must be 1
/// name: full-refine           # optional label
/// cwd: .                      # optional, relative to the file's folder
/// defaults: { agent: claude, max: 10 }   # optional: until, max, stall, agent, command, verify
/// stages:
///   - id: plan                # [a-z0-9][a-z0-9_-]{0,39}, unique across stages and blocks
///     prompt: prompts/plan.md # required, relative to the file's folder, must be a readable file
///     checklist: PLAN.md      # optional, relative to cwd
///     until: checklist        # checklist | verify | once
///     max: 5                  # 1..1000, default 25
///     stall: 3                # 1..100, default 3
///     agent: claude           # or command: [argv, ...], not both
///     verify: "dotnet test"
///     inputs: [other]         # ids of earlier stages or blocks
///   - parallel: { id: review, stages: [ ...2 to 8 stages... ] }
/// </code>
/// </summary>
/// <remarks>
/// Every error of the file is reported at once (<see cref="PipelineValidationException.Errors"/>), each at a 1-based line
/// and column, sorted: YAML syntax, unknown keys (with a "did you mean" for a near miss), duplicate keys, wrong types,
/// values out of range, missing or unreadable prompt files, bad or duplicate ids, and inputs that are unknown, run later,
/// run beside the stage, or form a cycle. A YAML syntax error stops reading, so it comes alone.
/// </remarks>
public static partial class PipelineFile
{
    /// <summary>Reads the file and validates it; prompt files are resolved against the file's folder.</summary>
    /// <param name="path">The pipeline file, absolute or relative to the current directory; errors name it as given.</param>
    /// <returns>The validated pipeline; its <see cref="PipelineDefinition.Sha256"/> is that of the file's bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="PipelineValidationException">The file is not valid UTF-8 or not a valid pipeline (all errors).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static PipelineDefinition Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var bytes = System.IO.File.ReadAllBytes(full);
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new PipelineValidationException(path, [new PipelineError(1, 1, "the file is not valid UTF-8 text")]);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return Validate(text, path, full, Path.GetDirectoryName(full)!, SHA256.HashData(bytes));
    }

    /// <summary>Validates the text of a pipeline file (for tests and callers that already hold the text).</summary>
    /// <param name="yaml">The file's text.</param>
    /// <param name="file">The file's name for messages, as the caller gives it; <see cref="PipelineDefinition.File"/> is
    /// it made absolute against <paramref name="baseDir"/>.</param>
    /// <param name="baseDir">The folder the file is in: prompt files and <c>cwd</c> resolve against it (made absolute
    /// against the current directory when relative).</param>
    /// <returns>The validated pipeline; its <see cref="PipelineDefinition.Sha256"/> is that of the text's UTF-8 bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="yaml"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="file"/> or <paramref name="baseDir"/> is null or empty.</exception>
    /// <exception cref="PipelineValidationException">The text is not a valid pipeline (all errors).</exception>
    public static PipelineDefinition Parse(string yaml, string file, string baseDir)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentException.ThrowIfNullOrEmpty(file);
        ArgumentException.ThrowIfNullOrEmpty(baseDir);
        var dir = Path.GetFullPath(baseDir);
        return Validate(yaml, file, Path.GetFullPath(file, dir), dir, SHA256.HashData(Encoding.UTF8.GetBytes(yaml)));
    }

    private static PipelineDefinition Validate(string yaml, string file, string fullPath, string baseDir, byte[] sha256)
    {
        var errors = new List<PipelineError>();
        var root = YamlTree.Read(yaml, errors);
        PipelineDefinition? definition = null;
        if (errors.Count == 0 || root is not null)
        {
            definition = new Validator(baseDir, errors).Pipeline(root, fullPath, Convert.ToHexStringLower(sha256));
        }

        if (errors.Count > 0 || definition is null)
        {
            var sorted = errors.Select((e, i) => (e, i)).OrderBy(x => x.e.Line).ThenBy(x => x.e.Column).ThenBy(x => x.i).Select(x => x.e).ToList();
            throw new PipelineValidationException(file, sorted);
        }

        return definition;
    }

    /// <summary>One validation pass: reads the tree into the model, adding every problem to the error list.</summary>
    private sealed partial class Validator(string baseDir, List<PipelineError> errors)
    {
        private static readonly string[] TopKeys = ["version", "name", "cwd", "defaults", "stages"];
        private static readonly string[] StageKeys = ["id", "prompt", "checklist", "until", "max", "stall", "agent", "command", "verify", "inputs"];
        private static readonly string[] DefaultKeys = ["until", "max", "stall", "agent", "command", "verify"];
        private static readonly string[] ParallelItemKeys = ["parallel"];
        private static readonly string[] ParallelKeys = ["id", "stages"];

        /// <summary>Every stage and block id seen, with where it was first defined.</summary>
        private readonly Dictionary<string, YNode> ids = new(StringComparer.Ordinal);

        public PipelineDefinition? Pipeline(YNode? root, string fullPath, string sha256)
        {
            if (root is null || root is YScalar { IsNull: true })
            {
                Error(root?.Line ?? 1, root?.Column ?? 1, "the file is empty; a pipeline needs 'version: 1' and 'stages'");
                return null;
            }

            if (root is not YMapping map)
            {
                Error(root, $"a pipeline file must be a mapping with 'version' and 'stages', not {root.Kind}");
                return null;
            }

            var keys = Keys(map, TopKeys, "the top level");
            if (!keys.TryGetValue("version", out var version))
            {
                Error(map, "missing 'version: 1'");
            }
            else if (!(version.Value is YScalar { Plain: true, Value: "1" }))
            {
                Error(version.Value, $"'version' must be 1 (the only version there is), not {version.Value.Kind}");
            }

            var name = keys.TryGetValue("name", out var nameNode) ? Text(nameNode.Value, "name") : null;
            string? cwd = null;
            if (keys.TryGetValue("cwd", out var cwdNode) && Text(cwdNode.Value, "cwd") is { } cwdText)
            {
                cwd = Path.GetFullPath(cwdText, baseDir);
                if (!Directory.Exists(cwd))
                {
                    Error(cwdNode.Value, $"'cwd' {cwdText} is not a directory ({cwd})");
                }
            }

            var defaults = keys.TryGetValue("defaults", out var defaultsNode) ? Defaults(defaultsNode.Value) : new RawStage(null);
            var steps = new List<RawStep>();
            if (!keys.TryGetValue("stages", out var stagesNode))
            {
                Error(map, "missing 'stages': a pipeline needs at least one stage");
            }
            else if (stagesNode.Value is not YSequence list)
            {
                Error(stagesNode.Value, $"'stages' must be a list of stages, not {stagesNode.Value.Kind}");
            }
            else if (list.Items.Count == 0)
            {
                Error(stagesNode.Key, "'stages' is empty: a pipeline needs at least one stage");
            }
            else
            {
                foreach (var item in list.Items)
                {
                    if (Step(item, defaults) is { } step)
                    {
                        steps.Add(step);
                    }
                }
            }

            CheckInputs(steps);
            if (errors.Count > 0)
            {
                return null;
            }

            return new PipelineDefinition(fullPath, name, cwd, [.. steps.Select(s => s.ToStep())], sha256);
        }

        /// <summary>A list item of <c>stages</c>: a stage or a parallel block.</summary>
        private RawStep? Step(YNode item, RawStage defaults)
        {
            if (item is not YMapping map)
            {
                Error(item, $"a stage must be a mapping (id, prompt, ...) or a 'parallel' block, not {item.Kind}");
                return null;
            }

            if (!map.Entries.Any(e => e.Key is YScalar { Value: "parallel" }))
            {
                return Stage(map, defaults) is { } stage ? new RawStep(map, Parallel: false, null, [stage]) : null;
            }

            var itemKeys = Keys(map, ParallelItemKeys, "a parallel item", hint: "; put 'id' and 'stages' under 'parallel:', indented");
            var block = itemKeys["parallel"];
            if (block.Value is not YMapping blockMap)
            {
                Error(block.Value, $"'parallel' must be a mapping with 'id' and 'stages', not {block.Value.Kind}");
                return null;
            }

            var keys = Keys(blockMap, ParallelKeys, "a parallel block");
            string? id = null;
            if (keys.TryGetValue("id", out var idNode))
            {
                id = Id(idNode.Value);
            }
            else
            {
                Error(blockMap, "the parallel block has no 'id'");
            }

            var stages = new List<RawStage>();
            var label = id is null ? "the parallel block" : $"parallel block '{id}'";
            if (!keys.TryGetValue("stages", out var stagesNode))
            {
                Error(blockMap, $"{label} has no 'stages' (2 to 8 stages that run side by side)");
            }
            else if (stagesNode.Value is not YSequence list)
            {
                Error(stagesNode.Value, $"'stages' of {label} must be a list of stages, not {stagesNode.Value.Kind}");
            }
            else
            {
                if (list.Items.Count is < 2 or > 8)
                {
                    Error(stagesNode.Key, $"{label} has {list.Items.Count} stage{(list.Items.Count == 1 ? "" : "s")}; a parallel block runs 2 to 8");
                }

                foreach (var inner in list.Items)
                {
                    if (inner is not YMapping innerMap)
                    {
                        Error(inner, $"a stage must be a mapping (id, prompt, ...), not {inner.Kind}");
                    }
                    else if (innerMap.Entries.Any(e => e.Key is YScalar { Value: "parallel" }))
                    {
                        Error(inner, "parallel blocks cannot be nested: a parallel block's stages must be plain stages");
                    }
                    else if (Stage(innerMap, defaults) is { } stage)
                    {
                        stages.Add(stage);
                    }
                }
            }

            return new RawStep(block.Key, Parallel: true, id, stages);
        }

        /// <summary>The <c>defaults</c> mapping: stage keys other than id, prompt, inputs and checklist.</summary>
        private RawStage Defaults(YNode node)
        {
            var raw = new RawStage(node);
            if (node is not YMapping map)
            {
                Error(node, $"'defaults' must be a mapping of stage keys ({string.Join(", ", DefaultKeys)}), not {node.Kind}");
                return raw;
            }

            var keys = Keys(map, DefaultKeys, "'defaults'", hint: " (id, prompt, checklist and inputs belong to each stage)");
            Settings(keys, raw);
            if (raw.Agent is not null && raw.Command is not null)
            {
                Error(keys["command"].Key, "'defaults' sets both 'agent' and 'command'; they exclude each other, keep one");
            }

            return raw;
        }

        /// <summary>A stage mapping, with <paramref name="defaults"/> applied.</summary>
        private RawStage? Stage(YMapping map, RawStage defaults)
        {
            var raw = new RawStage(map);
            var keys = Keys(map, StageKeys, "a stage");
            if (keys.TryGetValue("id", out var idNode))
            {
                raw.Id = Id(idNode.Value);
            }
            else
            {
                Error(map, "the stage has no 'id'");
            }

            var label = raw.Id is null ? "the stage" : $"stage '{raw.Id}'";
            if (!keys.TryGetValue("prompt", out var promptNode))
            {
                Error(map, $"{label} has no 'prompt' (a prompt file, relative to the pipeline file's folder)");
            }
            else if (Text(promptNode.Value, "prompt") is { } prompt)
            {
                raw.Prompt = PromptFile(promptNode.Value, prompt);
            }

            if (keys.TryGetValue("checklist", out var checklistNode))
            {
                raw.Checklist = Text(checklistNode.Value, "checklist");
            }

            Settings(keys, raw);
            if (raw.Agent is not null && raw.Command is not null)
            {
                Error(keys["command"].Key, $"{label} sets both 'agent' and 'command'; they exclude each other, keep one");
            }

            if (keys.TryGetValue("inputs", out var inputsNode))
            {
                if (inputsNode.Value is not YSequence list)
                {
                    Error(inputsNode.Value, $"'inputs' must be a list of stage or block ids, not {inputsNode.Value.Kind}");
                }
                else
                {
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var item in list.Items)
                    {
                        if (item is not YScalar { IsNull: false } scalar)
                        {
                            Error(item, $"an input must be a stage or block id, not {item.Kind}");
                        }
                        else if (!seen.Add(scalar.Value))
                        {
                            Error(item, $"'inputs' names '{scalar.Value}' twice");
                        }
                        else
                        {
                            raw.Inputs.Add((scalar.Value, scalar));
                        }
                    }
                }
            }

            // Defaults: agent and command go together, so a stage that sets one does not inherit the other.
            var agentOrCommand = raw.Agent is not null || raw.Command is not null;
            raw.Agent ??= agentOrCommand ? null : defaults.Agent;
            raw.Command ??= agentOrCommand ? null : defaults.Command;
            raw.Max ??= defaults.Max;
            raw.Stall ??= defaults.Stall;
            raw.Verify ??= defaults.Verify;
            var untilFromDefaults = raw.Until is null && defaults.Until is not null;
            raw.Until ??= defaults.Until;
            raw.Until ??= raw.Checklist is null ? CompletionRule.Once : CompletionRule.Checklist;
            var untilNode = untilFromDefaults ? (YNode)map : keys.TryGetValue("until", out var u) ? u.Value : map;
            var fromDefaults = untilFromDefaults ? " ('until' comes from 'defaults')" : "";
            if (raw.Until == CompletionRule.Checklist && !keys.ContainsKey("checklist"))
            {
                Error(untilNode, $"{label} has 'until: checklist' but no 'checklist'{fromDefaults}");
            }
            else if (raw.Until == CompletionRule.Verify && raw.Verify is null && !keys.ContainsKey("verify"))
            {
                Error(untilNode, $"{label} has 'until: verify' but no 'verify' command{fromDefaults}");
            }

            return raw;
        }

        /// <summary>The keys a stage shares with <c>defaults</c>.</summary>
        private void Settings(Dictionary<string, KeyValuePair<YNode, YNode>> keys, RawStage raw)
        {
            if (keys.TryGetValue("until", out var until) && Text(until.Value, "until") is { } rule)
            {
                raw.Until = rule switch
                {
                    "checklist" => CompletionRule.Checklist,
                    "verify" => CompletionRule.Verify,
                    "once" => CompletionRule.Once,
                    _ => null,
                };
                if (raw.Until is null)
                {
                    Error(until.Value, $"'until' must be checklist, verify or once, not '{rule}'{Suggestion(rule, ["checklist", "verify", "once"], " (did you mean '{0}'?)")}");
                }
            }

            if (keys.TryGetValue("max", out var max))
            {
                raw.Max = Integer(max.Value, "max", 1, 1000);
            }

            if (keys.TryGetValue("stall", out var stall))
            {
                raw.Stall = Integer(stall.Value, "stall", 1, 100);
            }

            if (keys.TryGetValue("agent", out var agent))
            {
                raw.Agent = Text(agent.Value, "agent");
            }

            if (keys.TryGetValue("command", out var command))
            {
                raw.Command = Command(command.Value);
            }

            if (keys.TryGetValue("verify", out var verify))
            {
                raw.Verify = Text(verify.Value, "verify");
            }
        }

        /// <summary>The entries of a mapping by key, first occurrence; reports unknown, duplicate and non-text keys.</summary>
        private Dictionary<string, KeyValuePair<YNode, YNode>> Keys(YMapping map, string[] allowed, string where, string hint = "")
        {
            var keys = new Dictionary<string, KeyValuePair<YNode, YNode>>(StringComparer.Ordinal);
            foreach (var entry in map.Entries)
            {
                if (entry.Key is not YScalar { IsNull: false } key)
                {
                    Error(entry.Key, $"a key must be a word, not {entry.Key.Kind}");
                    continue;
                }

                if (!allowed.Contains(key.Value, StringComparer.Ordinal))
                {
                    Error(key, $"unknown key '{key.Value}' in {where}{Suggestion(key.Value, allowed, " (did you mean '{0}'?)")}; allowed: {string.Join(", ", allowed)}{hint}");
                    continue;
                }

                if (keys.TryGetValue(key.Value, out var first))
                {
                    Error(key, $"duplicate key '{key.Value}' (first at line {first.Key.Line})");
                    continue;
                }

                keys[key.Value] = entry;
            }

            return keys;
        }

        /// <summary>A stage or block id: checked against the pattern and for uniqueness; null when invalid.</summary>
        private string? Id(YNode node)
        {
            if (Text(node, "id") is not { } id)
            {
                return null;
            }

            if (!IdPattern().IsMatch(id))
            {
                Error(node, $"id '{id}' must be 1 to 40 lowercase letters, digits, '-' or '_', starting with a letter or digit");
                return null;
            }

            if (!ids.TryAdd(id, node))
            {
                Error(node, $"duplicate id '{id}' (first at line {ids[id].Line})");
                return null;
            }

            return id;
        }

        /// <summary>The absolute path of a prompt file, or null after reporting that it is missing or unreadable.</summary>
        private string? PromptFile(YNode node, string prompt)
        {
            var full = Path.GetFullPath(prompt, baseDir);
            if (Directory.Exists(full))
            {
                Error(node, $"prompt file '{prompt}' is a directory ({full})");
                return null;
            }

            if (!System.IO.File.Exists(full))
            {
                Error(node, $"prompt file '{prompt}' not found ({full})");
                return null;
            }

            try
            {
                using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                return full;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Error(node, $"prompt file '{prompt}' cannot be read: {e.Message}");
                return null;
            }
        }

        /// <summary>A non-empty text value; null after reporting a wrong type.</summary>
        private string? Text(YNode node, string key)
        {
            if (node is YScalar { IsNull: false } scalar && scalar.Value.Length > 0)
            {
                return scalar.Value;
            }

            Error(node, node is YScalar { IsNull: false } ? $"'{key}' must not be empty" : $"'{key}' must be a text, not {node.Kind}");
            return null;
        }

        /// <summary>A plain decimal integer in a range; null after reporting.</summary>
        private int? Integer(YNode node, string key, int min, int max)
        {
            if (node is YScalar { Plain: true } scalar
                && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                && value >= min && value <= max)
            {
                return value;
            }

            var quoted = node is YScalar { Plain: false } ? " (a quoted text; write the number without quotes)" : "";
            Error(node, $"'{key}' must be a whole number from {min} to {max}, not {node.Kind}{quoted}");
            return null;
        }

        /// <summary>An argv template: a non-empty list of texts.</summary>
        private List<string>? Command(YNode node)
        {
            if (node is not YSequence list)
            {
                Error(node, $"'command' must be a list of arguments, e.g. [claude, -p, \"{{prompt}}\"], not {node.Kind}");
                return null;
            }

            if (list.Items.Count == 0)
            {
                Error(node, "'command' is empty: give the program and its arguments");
                return null;
            }

            var argv = new List<string>();
            foreach (var item in list.Items)
            {
                if (item is YScalar { IsNull: false } scalar)
                {
                    argv.Add(scalar.Value);
                }
                else
                {
                    Error(item, $"an argument of 'command' must be a text, not {item.Kind}");
                }
            }

            return argv.Count == list.Items.Count ? argv : null;
        }

        /// <summary>
        /// Checks every input: it names a stage or block, that runs in an earlier step (not the stage's own block, not a
        /// sibling in it), and inputs form no cycle. A cycle is reported once, at the first node of it in file order,
        /// and its edges get no other message.
        /// </summary>
        private void CheckInputs(List<RawStep> steps)
        {
            // Nodes: every block and every stage with a valid id, in file order, with its step index.
            var nodes = new List<(string Id, YNode Node, int Step, string? Block)>();
            for (var i = 0; i < steps.Count; i++)
            {
                if (steps[i] is { Parallel: true, Block: { } blockId })
                {
                    nodes.Add((blockId, steps[i].Node, i, null));
                }

                foreach (var stage in steps[i].Stages.Where(s => s.Id is not null))
                {
                    nodes.Add((stage.Id!, stage.Node!, i, steps[i].Parallel ? steps[i].Block ?? "?" : null));
                }
            }

            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var n = 0; n < nodes.Count; n++)
            {
                index.TryAdd(nodes[n].Id, n);
            }

            // Edges: a stage to each of its inputs; a block to each of its stages (its output is theirs).
            var edges = nodes.Select(_ => new List<(int To, YNode? Where)>()).ToList();
            foreach (var step in steps)
            {
                foreach (var stage in step.Stages)
                {
                    var from = stage.Id is null ? -1 : index[stage.Id];
                    foreach (var (input, where) in stage.Inputs)
                    {
                        var label = stage.Id is null ? "the stage" : $"stage '{stage.Id}'";
                        if (!index.TryGetValue(input, out var to))
                        {
                            Error(where, $"{label} takes input from '{input}', which is not a stage or parallel block{Suggestion(input, index.Keys, " (did you mean '{0}'?)")}");
                        }
                        else if (step.Block is not null && string.Equals(input, step.Block, StringComparison.Ordinal))
                        {
                            Error(where, $"{label} takes input from '{input}', its own parallel block");
                        }
                        else if (from >= 0)
                        {
                            edges[from].Add((to, where));
                        }
                    }
                }

                if (step.Block is { } blockId)
                {
                    foreach (var stage in step.Stages.Where(s => s.Id is not null))
                    {
                        edges[index[blockId]].Add((index[stage.Id!], null));
                    }
                }
            }

            var component = StronglyConnected(edges);
            var cyclic = new HashSet<int>();
            foreach (var group in Enumerable.Range(0, nodes.Count).GroupBy(n => component[n]))
            {
                var members = group.ToHashSet();
                var first = members.Min();
                if (members.Count == 1 && !edges[first].Any(e => e.To == first))
                {
                    continue;
                }

                cyclic.Add(group.Key);
                var path = ShortestCycle(first, members, edges);
                Error(nodes[first].Node, $"inputs form a cycle: {string.Join(" → ", path.Select(n => nodes[n].Id))}");
            }

            for (var from = 0; from < nodes.Count; from++)
            {
                foreach (var (to, where) in edges[from])
                {
                    if (where is null || (component[from] == component[to] && cyclic.Contains(component[from])))
                    {
                        continue;
                    }

                    var (id, step, block) = (nodes[from].Id, nodes[from].Step, nodes[from].Block);
                    if (nodes[to].Step > step)
                    {
                        Error(where, $"stage '{id}' takes input from '{nodes[to].Id}', which runs after it");
                    }
                    else if (nodes[to].Step == step)
                    {
                        Error(where, $"stage '{id}' takes input from '{nodes[to].Id}', which runs beside it in parallel block '{block}'");
                    }
                }
            }
        }

        /// <summary>Tarjan's algorithm: the strongly connected component of each node.</summary>
        private static int[] StronglyConnected(List<List<(int To, YNode? Where)>> edges)
        {
            var count = edges.Count;
            var order = new int[count];
            var low = new int[count];
            var component = new int[count];
            Array.Fill(order, -1);
            var onStack = new bool[count];
            var stack = new Stack<int>();
            var next = 0;
            var components = 0;

            void Visit(int v)
            {
                order[v] = low[v] = next++;
                stack.Push(v);
                onStack[v] = true;
                foreach (var (w, _) in edges[v])
                {
                    if (order[w] < 0)
                    {
                        Visit(w);
                        low[v] = Math.Min(low[v], low[w]);
                    }
                    else if (onStack[w])
                    {
                        low[v] = Math.Min(low[v], order[w]);
                    }
                }

                if (low[v] == order[v])
                {
                    int w;
                    do
                    {
                        w = stack.Pop();
                        onStack[w] = false;
                        component[w] = components;
                    }
                    while (w != v);
                    components++;
                }
            }

            for (var v = 0; v < count; v++)
            {
                if (order[v] < 0)
                {
                    Visit(v);
                }
            }

            return component;
        }

        /// <summary>A shortest cycle through <paramref name="start"/> inside its component, as nodes from
        /// <paramref name="start"/> back to it (breadth-first, edges in file order).</summary>
        private static List<int> ShortestCycle(int start, HashSet<int> members, List<List<(int To, YNode? Where)>> edges)
        {
            var parent = new Dictionary<int, int>();
            var queue = new Queue<int>();
            queue.Enqueue(start);
            while (queue.Count > 0)
            {
                var v = queue.Dequeue();
                foreach (var (w, _) in edges[v])
                {
                    if (w == start)
                    {
                        var path = new List<int> { start };
                        for (var n = v; n != start; n = parent[n])
                        {
                            path.Insert(1, n);
                        }

                        path.Add(start);
                        return path;
                    }

                    if (members.Contains(w) && parent.TryAdd(w, v))
                    {
                        queue.Enqueue(w);
                    }
                }
            }

            return [start, start];
        }

        /// <summary>The closest candidate within edit distance 2 (and less than the word's length), formatted; empty when
        /// none.</summary>
        private static string Suggestion(string word, IEnumerable<string> candidates, string format)
        {
            var best = candidates
                .Select(c => (Candidate: c, Distance: EditDistance(word, c)))
                .Where(c => c.Distance <= 2 && c.Distance < word.Length)
                .OrderBy(c => c.Distance)
                .FirstOrDefault();
            return best.Candidate is null ? "" : string.Format(CultureInfo.InvariantCulture, format, best.Candidate);
        }

        /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours.</summary>
        private static int EditDistance(string a, string b)
        {
            var d = new int[a.Length + 1, b.Length + 1];
            for (var i = 0; i <= a.Length; i++)
            {
                d[i, 0] = i;
            }

            for (var j = 0; j <= b.Length; j++)
            {
                d[0, j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                    if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    {
                        d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                    }
                }
            }

            return d[a.Length, b.Length];
        }

        private void Error(YNode node, string message) => errors.Add(new PipelineError(node.Line, node.Column, message));

        private void Error(int line, int column, string message) => errors.Add(new PipelineError(line, column, message));

        [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,39}$", RegexOptions.CultureInvariant)]
        private static partial Regex IdPattern();
    }

    /// <summary>A stage (or the defaults) as read, before the model is built; null fields were not given or invalid.</summary>
    private sealed class RawStage(YNode? node)
    {
        /// <summary>The stage's mapping; null for absent defaults.</summary>
        public YNode? Node { get; } = node;

        public string? Id { get; set; }

        public string? Prompt { get; set; }

        public string? Checklist { get; set; }

        public CompletionRule? Until { get; set; }

        public int? Max { get; set; }

        public int? Stall { get; set; }

        public string? Agent { get; set; }

        public List<string>? Command { get; set; }

        public string? Verify { get; set; }

        public List<(string Id, YNode Where)> Inputs { get; } = [];

        public StageSpec ToSpec() => new(
            Id!, Node!.Line, Prompt!, Checklist, Until!.Value, Max ?? 25, Stall ?? 3, Agent, Command ?? [], Verify, [.. Inputs.Select(i => i.Id)]);
    }

    /// <summary>A step as read: a single stage, or a parallel block (<see cref="Block"/> its id, null when invalid).</summary>
    private sealed record RawStep(YNode Node, bool Parallel, string? Block, List<RawStage> Stages)
    {
        public PipelineStep ToStep() => Parallel ? new ParallelStep(Block!, Node.Line, [.. Stages.Select(s => s.ToSpec())]) : new StageStep(Stages[0].ToSpec());
    }
}
