using System.Security.Cryptography;

namespace MiroMcp.Tests.Fixtures;

/// <summary>Random per-run values: nothing secret-looking is committed, and a leak of one is attributable.</summary>
internal static class TestSecrets
{
    public static string NewHexKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string NewToken(string prefix) =>
        prefix + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
