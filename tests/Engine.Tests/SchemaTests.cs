using Engine;
using NJsonSchema;
using Tests.Shared;

namespace EngineTests;

/// <summary>
/// .nuke/build.schema.json in NUKE's shape, checked by a JSON Schema validator (NJsonSchema, draft-04).
/// </summary>
public sealed class SchemaTests
{
    private TestRun _run = null!;
    [SetUp] public void SetUp() => _run = new TestRun();
    [TearDown] public void TearDown() => _run.Dispose();

    private static async Task<ICollection<NJsonSchema.Validation.ValidationError>> Validate(string schemaFile,
        string json)
    {
        var schema = await JsonSchema.FromFileAsync(schemaFile);
        return schema.Validate(json);
    }

    [Test]
    public async Task The_written_schema_has_NUKEs_definitions_and_accepts_a_good_file()
    {
        (_run.Root / ".nuke" / "parameters.ci.json").WriteAllText("{}");
        _run.Run<GraphBuild>("--help");
        var schemaFile = _run.Root / ".nuke" / "build.schema.json";
        var schema = await JsonSchema.FromFileAsync(schemaFile);
        Assert.That(schema.Definitions.Keys,
            Is.SupersetOf(new[] { "ExecutableTarget", "Host", "Verbosity", "NukeBuild" }));
        Assert.That(schema.Definitions["ExecutableTarget"].Enumeration, Does.Contain("Compile").And.Contain("Pack"));

        var good = """
            { "$schema": "./build.schema.json", "Configuration": "Release", "SoakHours": 3, "Fast": true,
              "Tags": ["a", "b"], "Mode": "Verbose", "Target": ["Compile"], "Skip": ["Restore"], "Host": "Terminal",
              "Verbosity": "Minimal", "Profile": ["ci"], "NoLogo": true, "Continue": false }
            """;
        Assert.That(await Validate(schemaFile, good), Is.Empty);
    }

    [TestCase("""{ "Verbosity": "Loud" }""", "Verbosity")]
    [TestCase("""{ "Host": "Jenkins" }""", "Host")]
    [TestCase("""{ "Target": ["Compil"] }""", "Target")]
    [TestCase("""{ "Profile": ["nightly"] }""", "Profile")]
    [TestCase("""{ "SoakHours": "three" }""", "SoakHours")]
    [TestCase("""{ "Mode": "Chatty" }""", "Mode")]
    public async Task The_validator_refuses_a_value_outside_the_schema(string json, string key)
    {
        (_run.Root / ".nuke" / "parameters.ci.json").WriteAllText("{}");
        _run.Run<GraphBuild>("--help");
        var errors = await Validate(_run.Root / ".nuke" / "build.schema.json", json);
        Assert.That(errors, Is.Not.Empty, json);
        Assert.That(string.Join("\n", errors.Select(e => e.ToString())), Does.Contain(key));
    }

    [Test]
    public void A_schema_changed_by_hand_or_a_new_profile_is_written_again()
    {
        _run.Run<GraphBuild>("--help");
        var path = _run.Root / ".nuke" / "build.schema.json";
        var written = path.ReadAllText();
        path.WriteAllText("{}");
        _run.Run<GraphBuild>("--help");
        Assert.That(path.ReadAllText(), Is.EqualTo(written));

        (_run.Root / ".nuke" / "parameters.nightly.json").WriteAllText("{}");
        _run.Run<GraphBuild>("--help");
        Assert.That(path.ReadAllText(), Does.Contain("\"nightly\""));
    }

    [Test]
    public async Task Every_parameters_file_the_repository_ships_is_valid_against_its_schema()
    {
        var nuke = Repository.PathOf(".nuke");
        var files = Directory.EnumerateFiles(nuke, "parameters*.json").ToList();
        Assert.That(files, Is.Not.Empty);
        foreach (var file in files)
        {
            var errors = await Validate(Path.Combine(nuke, "build.schema.json"), File.ReadAllText(file));
            Assert.That(errors, Is.Empty, $"{Path.GetFileName(file)}: {string.Join("; ", errors)}");
        }
    }
}
