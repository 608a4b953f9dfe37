using Cloudflare;

namespace Build.Tests.Cloudflare;

/// <summary>What wrangler 4 prints for d1 migrations list and d1 execute --json (captured from wrangler 4.86.0), read
/// strictly.</summary>
public sealed class WranglerOutputTests
{
    private static readonly string[] PendingTable =
    [
        "", " ⛅️ wrangler 4.86.0", "───────────────────", "Resource location: local ", "",
        "Use --remote if you want to access the remote instance.", "",
        "Migrations to be applied:", "┌───────────────┐", "│ Name          │", "├───────────────┤",
        "│ 0001_init.sql │", "│ 0002_more.sql │", "└───────────────┘",
    ];

    [Test]
    public void A_table_lists_the_pending_migrations() =>
        Assert.That(PendingMigrations.Parse(PendingTable), Is.EqualTo(new[] { "0001_init.sql", "0002_more.sql" }));

    [Test]
    public void No_migrations_to_apply_means_none_pending() =>
        Assert.That(PendingMigrations.Parse(["", " ⛅️ wrangler 4.86.0", "Resource location: remote",
            "✅ No migrations to apply!"]), Is.Empty);

    [Test]
    public void Output_that_says_neither_is_an_error_quoting_it()
    {
        var error = Assert.Throws<WranglerException>(() =>
            PendingMigrations.Parse(["", "✘ [ERROR] A request to the Cloudflare API failed.",
                "Authentication error [code: 10000]"]));
        Assert.That(error!.Message,
            Does.Contain("neither 'No migrations to apply' nor a table").And.Contain("Authentication error"));
    }

    [Test]
    public void Execute_json_gives_one_row_list_per_statement()
    {
        const string json = """
            [
              { "results": [ { "name": "d1_migrations" }, { "name": "daily_reports" } ], "success": true, "meta": { "duration": 0 } },
              { "results": [ { "id": 1, "name": "0001_init.sql", "applied_at": "2026-11-26 23:06:01" } ], "success": true, "meta": { "duration": 1 } }
            ]
            """;
        var results = D1Results.Parse(json, "SELECT …", exitCode: 0);
        Assert.That(results.Sets, Has.Count.EqualTo(2));
        Assert.That(results.Column("name", 0), Is.EqualTo(new[] { "d1_migrations", "daily_reports" }));
        Assert.That(results.Column("applied_at"), Is.EqualTo(new[] { "2026-11-26 23:06:01" }));
        Assert.That(results.Rows[0]["id"].GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public void An_execute_error_names_the_statement_and_d1s_words()
    {
        const string json = """{ "error": { "text": "no such table: d1_migrations: SQLITE_ERROR" } }""";
        var error = Assert.Throws<WranglerException>(() =>
            D1Results.Parse(json, "SELECT name FROM d1_migrations", exitCode: 1));
        Assert.That(error!.Message,
            Is.EqualTo("wrangler d1 execute reported an error for 'SELECT name FROM d1_migrations': " +
                       "no such table: d1_migrations: SQLITE_ERROR"));
    }

    [TestCase("", 1)]
    [TestCase("✘ [ERROR] Couldn't find a D1 DB with the name or binding 'vvtv-control'", 1)]
    [TestCase("""{"results":[]}""", 0)]
    [TestCase("""[{"success":true}]""", 0)]
    public void Anything_but_result_sets_is_an_error(string output, int exitCode) =>
        Assert.Throws<WranglerException>(() => D1Results.Parse(output, "SELECT 1", exitCode));

    [Test]
    public void A_missing_text_column_is_an_error_not_an_empty_value()
    {
        var results = D1Results.Parse("""[{"results":[{"name":null}]}]""", "SELECT name", 0);
        Assert.Throws<WranglerException>(() => results.Column("name"));
    }
}
