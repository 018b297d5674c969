using Microsoft.Extensions.Configuration;
using MiroMcp.Server.Configuration;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Unit.Tokens;

public sealed class PostgresConnectionStringValidationTests
{
    private static ValidateOptionsResultView Validate(string? connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MIRO_CLIENT_ID"] = "3458764500000000000",
            ["MIRO_CLIENT_SECRET"] = TestSecrets.NewToken("secret"),
            ["MIRO_REDIRECT_URI"] = "https://mcp.example.com/oauth/callback",
            ["MIRO_ENCRYPTION_KEY"] = TestSecrets.NewHexKey(),
            ["POSTGRES_CONNECTION_STRING"] = connectionString,
        }).Build();
        var options = new ServerOptions();
        ServerConfigurationExtensions.Bind(options, configuration);
        var result = new ServerOptionsValidator().Validate(null, options);
        return new ValidateOptionsResultView(result.Succeeded, result.Failures?.ToArray() ?? [], options);
    }

    private sealed record ValidateOptionsResultView(bool Succeeded, string[] Failures, ServerOptions Options);

    [Theory]
    [InlineData(null)]
    [InlineData("Host=db.example.com;Port=5432;Database=miromcp;Username=miromcp;Password=pw-123;SSL Mode=Require")]
    public void Validate_AbsentOrWellFormedConnectionString_Succeeds(string? connectionString)
    {
        var result = Validate(connectionString);

        Assert.True(result.Succeeded, string.Join("; ", result.Failures));
        Assert.Equal(connectionString, result.Options.PostgresConnectionString);
    }

    [Theory]
    [InlineData("Hots=db;Password=pw-secret-value")]
    [InlineData("Host=db;Port=notaport;Password=pw-secret-value")]
    [InlineData("Database=miromcp;Password=pw-secret-value")]
    public void Validate_MalformedConnectionString_FailsWithoutEchoingIt(string connectionString)
    {
        var result = Validate(connectionString);

        var failure = Assert.Single(result.Failures);
        Assert.StartsWith("POSTGRES_CONNECTION_STRING ", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-secret-value", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_WithConnectionString_ShowsNoPassword()
    {
        var result = Validate("Host=db;Password=pw-secret-value");

        Assert.DoesNotContain("pw-secret-value", result.Options.ToString(), StringComparison.Ordinal);
    }
}
