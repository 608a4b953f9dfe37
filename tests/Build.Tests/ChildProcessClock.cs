using Tests.Shared;

/// <summary>
/// Every process the tests start (./build.sh, and through it the sandbox's orchestrators) inherits a fixed-offset zone
/// in which it is about midday now: VVTV runs its nightly at local 03:00, so a build that inherited the machine's zone
/// would see an extra nightly one hour a day. A test that sets TZ for its own child still chooses its own.
/// </summary>
[SetUpFixture]
public sealed class ChildProcessClock
{
    [OneTimeSetUp]
    public void PinZone() => Environment.SetEnvironmentVariable("TZ", TestClock.MiddayZone);
}
