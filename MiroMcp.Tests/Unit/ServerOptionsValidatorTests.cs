using Microsoft.Extensions.Configuration;
using MiroMcp.Server.Configuration;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Unit;

public sealed class ServerOptionsValidatorTests
{
    private static ServerOptions Bind(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new ServerOptions();
        ServerConfigurationExtensions.Bind(options, configuration);
        return options;
    }

    private static Dictionary<string, string?> Complete() => new()
    {
        ["MIRO_CLIENT_ID"] = "3458764500000000000",
        ["MIRO_CLIENT_SECRET"] = TestSecrets.NewToken("secret"),
        ["MIRO_REDIRECT_URI"] = "https://mcp.example.com/oauth/callback",
        ["MIRO_ENCRYPTION_KEY"] = TestSecrets.NewHexKey(),
    };

    [Fact]
    public void Validate_CompleteConfiguration_Succeeds()
    {
        var result = new ServerOptionsValidator().Validate(null, Bind(Complete()));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_NothingSet_NamesEveryMissingVariable()
    {
        var result = new ServerOptionsValidator().Validate(null, Bind([]));

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Environment variable MIRO_CLIENT_ID not found",
                "Environment variable MIRO_CLIENT_SECRET not found",
                "Environment variable MIRO_REDIRECT_URI not found",
                "Environment variable MIRO_ENCRYPTION_KEY not found",
            ],
            result.Failures);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("00000000000000000000000000000000000000000000000000000000000000000")]
    public void Validate_MalformedEncryptionKey_FailsWithoutEchoingTheValue(string key)
    {
        var values = Complete();
        values["MIRO_ENCRYPTION_KEY"] = key;

        var result = new ServerOptionsValidator().Validate(null, Bind(values));

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("MIRO_ENCRYPTION_KEY must be 64 hexadecimal characters", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(key, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://mcp.example.com/oauth/callback", false)]
    [InlineData("http://127.0.0.1:5180/oauth/callback", true)]
    [InlineData("http://localhost:5180/oauth/callback", true)]
    [InlineData("https://mcp.example.com/oauth/callback", true)]
    [InlineData("/oauth/callback", false)]
    public void Validate_RedirectUri_HttpsUnlessLoopback(string redirectUri, bool valid)
    {
        var values = Complete();
        values["MIRO_REDIRECT_URI"] = redirectUri;

        var result = new ServerOptionsValidator().Validate(null, Bind(values));

        Assert.Equal(valid, result.Succeeded);
    }

    [Fact]
    public void PublicBaseUri_NoPublicUrl_IsOriginOfRedirectUri()
    {
        var options = Bind(Complete());

        Assert.Equal(new Uri("https://mcp.example.com/"), options.PublicBaseUri);
    }

    [Fact]
    public void ToString_WithSecrets_ShowsNoSecret()
    {
        var values = Complete();
        var options = Bind(values);

        var text = options.ToString();

        Assert.DoesNotContain(values["MIRO_CLIENT_SECRET"]!, text, StringComparison.Ordinal);
        Assert.DoesNotContain(values["MIRO_ENCRYPTION_KEY"]!, text, StringComparison.Ordinal);
    }
}
