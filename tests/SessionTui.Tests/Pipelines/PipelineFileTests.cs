using System.Security.Cryptography;
using System.Text;
using SessionTui.Workcells.Pipelines;

namespace SessionTui.Tests.Pipelines;

public sealed class PipelineFileTests : IDisposable
{
    /// <summary>The brief's full example: defaults, a checklist stage, a parallel block, a stage reading the block.</summary>
    private const string FullExample = """
        version: 1
        name: full-refine
        cwd: .
        defaults:
          agent: claude
          max: 10
          stall: 3
        stages:
          - id: plan
            prompt: prompts/plan.md
            checklist: PLAN.md
            until: checklist
            max: 5
            stall: 2
            verify: "dotnet test"
          - parallel:
              id: review
              stages:
                - id: review-claude
                  agent: claude
                  prompt: prompts/review.md
                  inputs: [plan]
                - id: review-codex
                  agent: codex
                  prompt: prompts/review.md
                  inputs: [plan]
          - id: merge
            prompt: prompts/merge.md
            command: [claude, -p, "{prompt}"]
            inputs: [review]
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("stui-pipeline-").FullName;

    public PipelineFileTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "prompts"));
        foreach (var name in new[] { "plan", "review", "merge" })
        {
            File.WriteAllText(Path.Combine(_dir, "prompts", name + ".md"), $"Do the {name}. Write to {{output}}.\n");
        }

        File.WriteAllText(Path.Combine(_dir, "p.md"), "Do it.\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PipelineDefinition Parse(string yaml) => PipelineFile.Parse(yaml, "pipe.yaml", _dir);

    private IReadOnlyList<PipelineError> Errors(string yaml) =>
        Assert.Throws<PipelineValidationException>(() => Parse(yaml)).Errors;

    /// <summary>A one-stage pipeline (stage 'a' at line 3, column 5, prompt p.md at line 4) plus <paramref name="extra"/>
    /// lines from line 5 on.</summary>
    private static string OneStage(string extra) => "version: 1\nstages:\n  - id: a\n    prompt: p.md\n" + extra + "\n";

    [Fact]
    public void The_full_example_parses_into_steps_stages_and_resolved_paths()
    {
        // Given the brief's full example with its prompt files in place
        // When it is parsed
        var pipeline = Parse(FullExample);

        // Then the top level is read, paths are absolute, and the hash is that of the text
        Assert.Equal(Path.Combine(_dir, "pipe.yaml"), pipeline.File);
        Assert.Equal("full-refine", pipeline.Name);
        Assert.Equal(_dir, pipeline.Cwd);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FullExample))), pipeline.Sha256);

        // And the three steps come in file order, the middle one a parallel block of two stages
        Assert.Equal(["plan", "review", "merge"], pipeline.Steps.Select(s => s.Id));
        Assert.Equal([9, 16, 27], pipeline.Steps.Select(s => s.Line));
        var plan = Assert.IsType<StageStep>(pipeline.Steps[0]).Stage;
        var review = Assert.IsType<ParallelStep>(pipeline.Steps[1]);
        var merge = Assert.IsType<StageStep>(pipeline.Steps[2]).Stage;
        Assert.Equal(["review-claude", "review-codex"], review.Stages.Select(s => s.Id));
        Assert.Equal(["plan", "review-claude", "review-codex", "merge"], pipeline.AllStages.Select(s => s.Id));

        // And each stage has its values, with the defaults filling what it does not set
        Assert.Equal(
            ("plan", 9, Path.Combine(_dir, "prompts", "plan.md"), "PLAN.md", CompletionRule.Checklist, 5, 2, "claude", "dotnet test"),
            (plan.Id, plan.Line, plan.PromptFile, plan.Checklist, plan.Until, plan.Max, plan.Stall, plan.Agent, plan.Verify));
        Assert.Empty(plan.Command);
        Assert.Empty(plan.Inputs);
        var codex = review.Stages[1];
        Assert.Equal((23, "codex", CompletionRule.Once, 10, 3, (string?)null), (codex.Line, codex.Agent, codex.Until, codex.Max, codex.Stall, codex.Checklist));
        Assert.Equal(["plan"], codex.Inputs);
        Assert.Equal(Path.Combine(_dir, "prompts", "review.md"), codex.PromptFile);
        Assert.Null(merge.Agent);
        Assert.Equal(["claude", "-p", "{prompt}"], merge.Command);
        Assert.Equal(["review"], merge.Inputs);

        // And the lookups find steps, stages and their step index
        Assert.Same(review, pipeline.Find("review"));
        Assert.Null(pipeline.Find("review-codex"));
        Assert.Same(codex, pipeline.FindStage("review-codex"));
        Assert.Equal(1, pipeline.StepIndexOf("review-codex"));
        Assert.Equal(2, pipeline.StepIndexOf("merge"));
        Assert.Equal(-1, pipeline.StepIndexOf("nope"));
    }

    [Fact]
    public void Defaults_fill_what_a_stage_leaves_out_and_a_stage_overrides_them()
    {
        // Given defaults for every key they may hold, and stages that set some keys themselves
        var pipeline = Parse("""
            version: 1
            defaults:
              until: verify
              max: 10
              stall: 4
              agent: codex
              verify: make test
            stages:
              - id: inherits
                prompt: p.md
              - id: overrides
                prompt: p.md
                until: once
                max: 2
                stall: 1
                command: [my-agent, "{prompt}"]
                verify: make check
              - id: own-agent
                prompt: p.md
                agent: claude
                checklist: TODO.md
                until: checklist
            """);
        var stages = pipeline.AllStages.ToDictionary(s => s.Id);

        // Then a stage without keys takes every default
        var inherits = stages["inherits"];
        Assert.Equal((CompletionRule.Verify, 10, 4, "codex", "make test"), (inherits.Until, inherits.Max, inherits.Stall, inherits.Agent, inherits.Verify));
        Assert.Empty(inherits.Command);

        // And a stage's own values win; setting a command drops the default agent (they go together)
        var overrides = stages["overrides"];
        Assert.Equal((CompletionRule.Once, 2, 1, (string?)null, "make check"), (overrides.Until, overrides.Max, overrides.Stall, overrides.Agent, overrides.Verify));
        Assert.Equal(["my-agent", "{prompt}"], overrides.Command);

        // And keys a stage leaves out still come from the defaults
        var ownAgent = stages["own-agent"];
        Assert.Equal((CompletionRule.Checklist, 10, "claude", "make test", "TODO.md"), (ownAgent.Until, ownAgent.Max, ownAgent.Agent, ownAgent.Verify, ownAgent.Checklist));
    }

    [Fact]
    public void Without_defaults_the_built_in_values_apply()
    {
        // Given stages with only id, prompt and perhaps a checklist
        var pipeline = Parse(OneStage("  - id: b\n    prompt: p.md\n    checklist: PRD.md"));

        // Then max is 25, stall 3, no agent or command, and until follows the checklist
        var (a, b) = (pipeline.AllStages.First(), pipeline.AllStages.Last());
        Assert.Equal((25, 3, (string?)null, CompletionRule.Once), (a.Max, a.Stall, a.Agent, a.Until));
        Assert.Empty(a.Command);
        Assert.Empty(a.Inputs);
        Assert.Null(a.Verify);
        Assert.Null(pipeline.Name);
        Assert.Null(pipeline.Cwd);
        Assert.Equal(CompletionRule.Checklist, b.Until);
        Assert.Equal("PRD.md", b.Checklist);
    }

    [Theory]
    [InlineData("    max: ten", 5, 10, "'max' must be a whole number from 1 to 1000, not 'ten'")]
    [InlineData("    max: 0", 5, 10, "'max' must be a whole number from 1 to 1000, not '0'")]
    [InlineData("    max: 1001", 5, 10, "'max' must be a whole number from 1 to 1000, not '1001'")]
    [InlineData("    max: 2.5", 5, 10, "'max' must be a whole number from 1 to 1000, not '2.5'")]
    [InlineData("    max: \"5\"", 5, 10, "'max' must be a whole number from 1 to 1000, not '5' (a quoted text; write the number without quotes)")]
    [InlineData("    max: {a: 1}", 5, 10, "'max' must be a whole number from 1 to 1000, not a mapping")]
    [InlineData("    stall: 101", 5, 12, "'stall' must be a whole number from 1 to 100, not '101'")]
    [InlineData("    agent: [claude]", 5, 12, "'agent' must be a text, not a list")]
    [InlineData("    agent:", 5, 11, "'agent' must be a text, not nothing (null)")]
    [InlineData("    verify: {run: x}", 5, 13, "'verify' must be a text, not a mapping")]
    [InlineData("    checklist: \"\"", 5, 16, "'checklist' must not be empty")]
    [InlineData("    until: always", 5, 12, "'until' must be checklist, verify or once, not 'always'")]
    [InlineData("    until: onse", 5, 12, "'until' must be checklist, verify or once, not 'onse' (did you mean 'once'?)")]
    [InlineData("    until: checklist", 5, 12, "stage 'a' has 'until: checklist' but no 'checklist'")]
    [InlineData("    until: verify", 5, 12, "stage 'a' has 'until: verify' but no 'verify' command")]
    [InlineData("    agent: claude\n    command: [claude]", 6, 5, "stage 'a' sets both 'agent' and 'command'; they exclude each other, keep one")]
    [InlineData("    command: claude -p {prompt}", 5, 14, "'command' must be a list of arguments, e.g. [claude, -p, \"{prompt}\"], not 'claude -p {prompt}'")]
    [InlineData("    command: []", 5, 14, "'command' is empty: give the program and its arguments")]
    [InlineData("    command: [claude, [x]]", 5, 23, "an argument of 'command' must be a text, not a list")]
    [InlineData("    inputs: a", 5, 13, "'inputs' must be a list of stage or block ids, not 'a'")]
    [InlineData("    inputs: [{x: 1}]", 5, 14, "an input must be a stage or block id, not a mapping")]
    [InlineData("    prompt: q.md", 5, 5, "duplicate key 'prompt' (first at line 4)")]
    [InlineData("    id: b", 5, 5, "duplicate key 'id' (first at line 3)")]
    [InlineData("  - id: a\n    prompt: p.md", 5, 9, "duplicate id 'a' (first at line 3)")]
    [InlineData("  - id: Bad\n    prompt: p.md", 5, 9, "id 'Bad' must be 1 to 40 lowercase letters, digits, '-' or '_', starting with a letter or digit")]
    [InlineData("  - id: -b\n    prompt: p.md", 5, 9, "id '-b' must be 1 to 40 lowercase letters, digits, '-' or '_', starting with a letter or digit")]
    [InlineData("  - id: b\n    prompt: missing.md", 6, 13, "prompt file 'missing.md' not found (")]
    [InlineData("  - id: b", 5, 5, "stage 'b' has no 'prompt' (a prompt file, relative to the pipeline file's folder)")]
    [InlineData("  - prompt: p.md", 5, 5, "the stage has no 'id'")]
    [InlineData("  - just-a-word", 5, 5, "a stage must be a mapping (id, prompt, ...) or a 'parallel' block, not 'just-a-word'")]
    [InlineData("    inputs: [plann]\n  - id: plan\n    prompt: p.md", 5, 14, "stage 'a' takes input from 'plann', which is not a stage or parallel block (did you mean 'plan'?)")]
    [InlineData("  - id: b\n    prompt: p.md\n    inputs: [a, a]", 7, 17, "'inputs' names 'a' twice")]
    public void A_stage_error_is_reported_alone_at_its_line_and_column(string extra, int line, int column, string message)
    {
        // Given a one-stage pipeline with one mistake from line 5 on
        // When it is parsed
        var error = Assert.Single(Errors(OneStage(extra)));

        // Then exactly that mistake is reported, where it is
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("stages:\n  - id: a\n    prompt: p.md\n", 1, 1, "missing 'version: 1'")]
    [InlineData("version: 2\nstages:\n  - id: a\n    prompt: p.md\n", 1, 10, "'version' must be 1 (the only version there is), not '2'")]
    [InlineData("version: 1\n", 1, 1, "missing 'stages': a pipeline needs at least one stage")]
    [InlineData("version: 1\nstages: []\n", 2, 1, "'stages' is empty: a pipeline needs at least one stage")]
    [InlineData("version: 1\nstages: plan\n", 2, 9, "'stages' must be a list of stages, not 'plan'")]
    [InlineData("version: 1\nname: [x]\nstages:\n  - id: a\n    prompt: p.md\n", 2, 7, "'name' must be a text, not a list")]
    [InlineData("version: 1\ncwd: nowhere\nstages:\n  - id: a\n    prompt: p.md\n", 2, 6, "'cwd' nowhere is not a directory (")]
    [InlineData("version: 1\ndefaults: 3\nstages:\n  - id: a\n    prompt: p.md\n", 2, 11, "'defaults' must be a mapping of stage keys (until, max, stall, agent, command, verify), not '3'")]
    [InlineData("version: 1\ndefaults:\n  prompt: p.md\nstages:\n  - id: a\n    prompt: p.md\n", 3, 3, "unknown key 'prompt' in 'defaults'; allowed: until, max, stall, agent, command, verify (id, prompt, checklist and inputs belong to each stage)")]
    [InlineData("version: 1\ndefaults:\n  agent: a\n  command: [b]\nstages:\n  - id: a\n    prompt: p.md\n", 4, 3, "'defaults' sets both 'agent' and 'command'; they exclude each other, keep one")]
    [InlineData("version: 1\ndefaults:\n  until: checklist\nstages:\n  - id: a\n    prompt: p.md\n", 5, 5, "stage 'a' has 'until: checklist' but no 'checklist' ('until' comes from 'defaults')")]
    [InlineData("- a\n- b\n", 1, 1, "a pipeline file must be a mapping with 'version' and 'stages', not a list")]
    [InlineData("", 1, 1, "the file is empty; a pipeline needs 'version: 1' and 'stages'")]
    [InlineData("# only a comment\n", 1, 1, "the file is empty; a pipeline needs 'version: 1' and 'stages'")]
    [InlineData("version: 1\nstages:\n  - id: a\n    prompt: p.md\n---\nversion: 1\n", 5, 1, "a pipeline file holds one YAML document")]
    [InlineData("version: 1\nstages:\n  - id: a\n    prompt: prompts\n", 4, 13, "prompt file 'prompts' is a directory (")]
    [InlineData("version: 1\nstages:\n  - id: a\n    prompt: *nope\n", 4, 13, "YAML syntax error: unknown alias '*nope' (no '&nope' before it)")]
    public void A_file_level_error_is_reported_alone_at_its_line_and_column(string yaml, int line, int column, string message)
    {
        // Given a pipeline with one mistake
        // When it is parsed
        var error = Assert.Single(Errors(yaml));

        // Then exactly that mistake is reported, where it is
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("version: 1\nstages:\n  - parallel:\n      id: r\n      stages:\n        - id: a\n          prompt: p.md\n", 5, 7, "parallel block 'r' has 1 stage; a parallel block runs 2 to 8")]
    [InlineData("version: 1\nstages:\n  - parallel:\n      id: r\n", 4, 7, "parallel block 'r' has no 'stages' (2 to 8 stages that run side by side)")]
    [InlineData("version: 1\nstages:\n  - parallel:\n      stages:\n        - id: a\n          prompt: p.md\n        - id: b\n          prompt: p.md\n", 4, 7, "the parallel block has no 'id'")]
    [InlineData("version: 1\nstages:\n  - parallel:\n    id: r\n", 3, 14, "'parallel' must be a mapping with 'id' and 'stages', not nothing (null)")]
    [InlineData("version: 1\nstages:\n  - parallel:\n      id: r\n      stages:\n        - id: a\n          prompt: p.md\n        - parallel:\n            id: s\n", 8, 11, "parallel blocks cannot be nested")]
    [InlineData("version: 1\nstages:\n  - parallel:\n      id: r\n      agent: x\n      stages:\n        - id: a\n          prompt: p.md\n        - id: b\n          prompt: p.md\n", 5, 7, "unknown key 'agent' in a parallel block; allowed: id, stages")]
    public void A_parallel_block_error_is_reported_at_its_line_and_column(string yaml, int line, int column, string message)
    {
        // Given a pipeline whose parallel block has a mistake
        // When it is parsed
        var errors = Errors(yaml);

        // Then the mistake is reported where it is (a wrongly indented block also has its stray keys reported)
        Assert.Contains(errors, e => (e.Line, e.Column) == (line, column) && e.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_stray_key_beside_parallel_is_unknown_with_a_hint_to_indent_it()
    {
        // Given a block whose id and stages are not indented under 'parallel'
        var errors = Errors("version: 1\nstages:\n  - parallel:\n    id: r\n    stages: []\n");

        // Then the empty block (its null value sits right after the colon) and each stray key are reported, by line
        Assert.Equal(
            [
                "pipe.yaml:3:14: 'parallel' must be a mapping with 'id' and 'stages', not nothing (null)",
                "pipe.yaml:4:5: unknown key 'id' in a parallel item; allowed: parallel; put 'id' and 'stages' under 'parallel:', indented",
                "pipe.yaml:5:5: unknown key 'stages' in a parallel item; allowed: parallel; put 'id' and 'stages' under 'parallel:', indented",
            ],
            errors.Select(e => e.Format("pipe.yaml")));
    }

    [Fact]
    public void An_unknown_key_names_the_near_miss_and_the_allowed_keys()
    {
        // Given a stage with 'promt' for 'prompt', and a top-level key too far from any allowed one
        var errors = Errors("version: 1\nstages:\n  - id: a\n    promt: p.md\ncolour: red\n");

        // Then the near miss gets a suggestion, the far one only the list, and the missing prompt is reported too
        Assert.Equal(
            [
                "pipe.yaml:3:5: stage 'a' has no 'prompt' (a prompt file, relative to the pipeline file's folder)",
                "pipe.yaml:4:5: unknown key 'promt' in a stage (did you mean 'prompt'?); allowed: id, prompt, checklist, until, max, stall, agent, command, verify, inputs",
                "pipe.yaml:5:1: unknown key 'colour' in the top level; allowed: version, name, cwd, defaults, stages",
            ],
            errors.Select(e => e.Format("pipe.yaml")));
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_in_one_pass_sorted_by_line()
    {
        // Given a file with mistakes in the top level, the defaults, two stages and a parallel block
        var yaml = """
            version: 1
            defaults:
              max: lots
            stages:
              - id: a
                prompt: missing.md
                agent: claude
                agent: codex
              - id: a
                prompt: p.md
                until: later
              - parallel:
                  id: r
                  stages:
                    - id: r1
                      prompt: p.md
                      inputs: [r2]
                    - id: r2
                      prompt: p.md
            extra: 1
            """;

        // When it is parsed
        var exception = Assert.Throws<PipelineValidationException>(() => PipelineFile.Parse(yaml, "dir/pipe.yaml", _dir));

        // Then every mistake is reported, each with its place, in line order, and the message lists them all
        string[] expected =
        [
            "dir/pipe.yaml:3:8: 'max' must be a whole number from 1 to 1000, not 'lots'",
            $"dir/pipe.yaml:6:13: prompt file 'missing.md' not found ({Path.Combine(_dir, "missing.md")})",
            "dir/pipe.yaml:8:5: duplicate key 'agent' (first at line 7)",
            "dir/pipe.yaml:9:9: duplicate id 'a' (first at line 5)",
            "dir/pipe.yaml:11:12: 'until' must be checklist, verify or once, not 'later'",
            "dir/pipe.yaml:17:20: stage 'r1' takes input from 'r2', which runs beside it in parallel block 'r'",
            "dir/pipe.yaml:20:1: unknown key 'extra' in the top level; allowed: version, name, cwd, defaults, stages",
        ];
        Assert.Equal(expected, exception.Errors.Select(e => e.Format("dir/pipe.yaml")));
        Assert.Equal(string.Join('\n', expected), exception.Message);
        Assert.Equal("dir/pipe.yaml", exception.File);
    }

    [Fact]
    public void A_yaml_syntax_error_is_reported_at_its_line()
    {
        // Given a file whose third line breaks the mapping
        var errors = Errors("version: 1\nstages:\n  - id: a\n   prompt: \"p.md\n");

        // Then one syntax error is reported, from YamlDotNet, at the broken place
        var error = Assert.Single(errors);
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, error.Line);
    }

    [Fact]
    public void A_tab_in_an_indentation_is_reported_where_it_is()
    {
        // Given a stage indented with a tab (YamlDotNet places this error at the file's start)
        var error = Assert.Single(Errors("version: 1\nstages:\n\t- id: a\n\t  prompt: p.md\n"));

        // Then it is reported at the tab
        Assert.Equal((3, 1), (error.Line, error.Column));
        Assert.StartsWith("YAML syntax error: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_is_read_as_the_anchored_value_placed_at_the_alias()
    {
        // Given a prompt anchored in the first stage and reused by alias in the second, whose id is a reused id
        var pipeline = Parse(OneStage("    verify: &check make test\n  - id: b\n    prompt: p.md\n    verify: *check"));
        var errors = Errors(OneStage("  - id: &x b\n    prompt: p.md\n  - id: *x\n    prompt: p.md"));

        // Then the alias has the anchored text, and an error about it points at the alias
        Assert.Equal("make test", pipeline.FindStage("b")!.Verify);
        Assert.Equal((7, 9, "duplicate id 'b' (first at line 5)"), (errors.Single().Line, errors.Single().Column, errors.Single().Message));
    }

    [Fact]
    public void A_yaml_syntax_error_the_scanner_reports_badly_still_has_a_place()
    {
        // Given an unclosed flow list before the next key (YamlDotNet's scanner throws InvalidOperationException here)
        var error = Assert.Single(Errors("version: 1\nstages: [a, b\nname: x\n"));

        // Then it is a syntax error near where reading stopped
        Assert.StartsWith("YAML syntax error", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 2, 3);
    }

    [Fact]
    public void A_stage_naming_itself_is_a_cycle()
    {
        var error = Assert.Single(Errors(OneStage("    inputs: [a]")));

        Assert.Equal((3, 5, "inputs form a cycle: a → a"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Two_stages_naming_each_other_are_one_cycle_at_the_first_of_them()
    {
        // Given a takes input from b and b from a
        var errors = Errors(OneStage("    inputs: [b]\n  - id: b\n    prompt: p.md\n    inputs: [a]"));

        // Then one cycle is reported at a, with no separate "runs after it"
        var error = Assert.Single(errors);
        Assert.Equal((3, 5, "inputs form a cycle: a → b → a"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Three_stages_in_a_ring_are_one_cycle_in_input_order()
    {
        // Given a ← c, b ← a, c ← b (each names the next in the ring as input)
        var errors = Errors(OneStage(
            "    inputs: [c]\n  - id: b\n    prompt: p.md\n    inputs: [a]\n  - id: c\n    prompt: p.md\n    inputs: [b]"));

        // Then the cycle is reported once, from the first stage in the file, following inputs
        var error = Assert.Single(errors);
        Assert.Equal((3, 5, "inputs form a cycle: a → c → b → a"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_cycle_through_a_parallel_block_names_the_block()
    {
        // Given a stage reading a later block whose stage reads that stage
        var errors = Errors("""
            version: 1
            stages:
              - id: a
                prompt: p.md
                inputs: [r]
              - parallel:
                  id: r
                  stages:
                    - id: r1
                      prompt: p.md
                      inputs: [a]
                    - id: r2
                      prompt: p.md
            """);

        var error = Assert.Single(errors);
        Assert.Equal((3, 5, "inputs form a cycle: a → r → r1 → a"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_reference_to_a_later_stage_without_a_cycle_runs_after_it()
    {
        // Given a takes input from b, which comes later and takes no input
        var errors = Errors(OneStage("    inputs: [b]\n  - id: b\n    prompt: p.md"));

        // Then it is reported at the input, not as a cycle
        var error = Assert.Single(errors);
        Assert.Equal((5, 14, "stage 'a' takes input from 'b', which runs after it"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void A_block_stage_may_not_read_its_sibling_or_its_own_block_but_a_later_stage_may_read_either()
    {
        // Given block stages reading a sibling and the block, and a later stage reading both a block stage and the block
        var errors = Errors("""
            version: 1
            stages:
              - parallel:
                  id: r
                  stages:
                    - id: r1
                      prompt: p.md
                      inputs: [r2]
                    - id: r2
                      prompt: p.md
                      inputs: [r]
              - id: after
                prompt: p.md
                inputs: [r1, r]
            """);

        // Then only the two inside the block are errors
        Assert.Equal(
            [
                (8, 20, "stage 'r1' takes input from 'r2', which runs beside it in parallel block 'r'"),
                (11, 20, "stage 'r2' takes input from 'r', its own parallel block"),
            ],
            errors.Select(e => (e.Line, e.Column, e.Message)));
    }

    [Fact]
    public void Siblings_naming_each_other_are_a_cycle()
    {
        var errors = Errors("""
            version: 1
            stages:
              - parallel:
                  id: r
                  stages:
                    - id: r1
                      prompt: p.md
                      inputs: [r2]
                    - id: r2
                      prompt: p.md
                      inputs: [r1]
            """);

        var error = Assert.Single(errors);
        Assert.Equal((6, 11, "inputs form a cycle: r1 → r2 → r1"), (error.Line, error.Column, error.Message));
    }

    [Fact]
    public void Load_reads_the_file_hashes_its_bytes_and_names_it_as_given_in_errors()
    {
        // Given a valid file with a BOM and a broken one, next to the prompt
        var good = Path.Combine(_dir, "good.yaml");
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("version: 1\nstages:\n  - id: a\n    prompt: p.md\n")).ToArray();
        File.WriteAllBytes(good, bytes);
        var bad = Path.Combine(_dir, "bad.yaml");
        File.WriteAllText(bad, "version: 1\nstages: []\n");

        // When they are loaded
        var pipeline = PipelineFile.Load(good);
        var exception = Assert.Throws<PipelineValidationException>(() => PipelineFile.Load(bad));

        // Then the hash is of the bytes, the prompt resolves next to the file, and errors carry the path as given
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), pipeline.Sha256);
        Assert.Equal(good, pipeline.File);
        Assert.Equal(Path.Combine(_dir, "p.md"), pipeline.AllStages.Single().PromptFile);
        Assert.Equal($"{bad}:2:1: 'stages' is empty: a pipeline needs at least one stage", exception.Message);
        Assert.Throws<FileNotFoundException>(() => PipelineFile.Load(Path.Combine(_dir, "none.yaml")));
    }

    [Fact]
    public void Load_refuses_a_file_that_is_not_utf8()
    {
        var path = Path.Combine(_dir, "latin1.yaml");
        File.WriteAllBytes(path, [.. "name: caf"u8.ToArray(), 0xE9, (byte)'\n']);

        var error = Assert.Single(Assert.Throws<PipelineValidationException>(() => PipelineFile.Load(path)).Errors);

        Assert.Equal((1, 1, "the file is not valid UTF-8 text"), (error.Line, error.Column, error.Message));
    }
}
