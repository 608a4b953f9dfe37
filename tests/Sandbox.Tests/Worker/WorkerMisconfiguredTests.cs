using System.Net;
using static Sandbox.Tests.Worker.WorkerReadTests;

namespace Sandbox.Tests.Worker;

/// <summary>The Worker without CONTROL_SECRET and with the D1 migration never applied: failures stay JSON.</summary>
[TestFixture]
[NonParallelizable]
public sealed class WorkerMisconfiguredTests
{
    private const string Token = "lonely-token";
    private LocalWorker _worker = null!;

    [OneTimeSetUp]
    public async Task StartWorker() =>
        _worker = await LocalWorker.StartAsync(new Dictionary<string, string> { ["CONTROL_TOKEN"] = Token },
            migrate: false);

    [OneTimeTearDown]
    public async Task StopWorker()
    {
        if (_worker is null) return;
        var port = _worker.Port;
        await _worker.DisposeAsync();
        Assert.Multiple(() =>
        {
            Assert.That(LocalWorker.NothingListensOn(port), Is.True, $"something still listens on 127.0.0.1:{port}");
            Assert.That(_worker.ProcessGroupIsAlive(), Is.False, "a wrangler/workerd process outlived the fixture");
        });
    }

    [Test]
    public async Task Missing_tables_give_a_json_500_instead_of_a_platform_error() =>
        await AssertJsonError(await _worker.Http.GetAsync("/v1/status"), HttpStatusCode.InternalServerError,
            "internal error");

    [Test]
    public async Task Unset_signing_secret_refuses_ingest_as_invalid_signature()
    {
        // Signed with the literal "undefined", which an unset secret would otherwise turn into.
        var signer = new IngestSigner(Token, "undefined");
        await AssertJsonError(await _worker.Http.SendAsync(signer.Post("/v1/ingest/status", "{}")),
            HttpStatusCode.Unauthorized, "invalid signature");
    }
}
