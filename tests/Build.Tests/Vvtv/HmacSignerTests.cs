using Vvtv;

namespace Build.Tests.Vvtv;

public sealed class HmacSignerTests
{
    [TestCase("/v1/control/emergency-mode", "1a738ed3c741c8f898087bd9bcd54306e460dcf393eb793649e5714d89ef0e9a")]
    [TestCase("/v1/control/reload-owner-card", "43aba47ac2d0076409f4b0b8b6c52dace45164af38634c0785be2b9082292424")]
    public void Control_vectors_from_appendix_a(string path, string expected) =>
        Assert.That(HmacSigner.SignControl("dev-secret", path, "1700000000"), Is.EqualTo(expected));

    [Test]
    public void Ingest_vector_from_appendix_a_signs_the_raw_body()
    {
        const string body = """{"date":"2026-02-27","summary":"x","metrics":{"buffer_minutes":20,"plans_created":2,"plans_committed":2,"qa_pass_rate":1.0,"fallback_rate":0.0,"curator_actions":0,"stream_disruptions":0}}""";
        Assert.That(HmacSigner.SignIngest("s3cret", "/v1/ingest/daily", "1700000000", body),
            Is.EqualTo("4a17e877f0604055105ab597640a722c70da4ee1caed9cea0cb6d40768441707"));
    }

    [Test]
    public void Canonical_string_ends_with_lf_for_an_empty_body() =>
        Assert.That(HmacSigner.CanonicalString("POST", "/p", "1", ""), Is.EqualTo("POST\n/p\n1\n"));
}
