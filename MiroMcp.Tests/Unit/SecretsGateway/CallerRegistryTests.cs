using MiroMcp.SecretsGateway.Apis;

namespace MiroMcp.Tests.Unit.SecretsGateway;

public sealed class CallerRegistryTests
{
    private const string ServerToken = "server-token-0123456789";
    private const string ReportToken = "report-token-9876543210";

    private static CallerRegistry Registry() => new(
    [
        (ServerToken, new Caller(CallerRegistry.McpServerCaller, new HashSet<string>(CallerRegistry.McpServerSecrets, StringComparer.Ordinal))),
        (ReportToken, new Caller("reports", new HashSet<string>(["REPORT_KEY"], StringComparer.Ordinal))),
    ]);

    [Theory]
    [InlineData(ServerToken, CallerRegistry.McpServerCaller)]
    [InlineData(ReportToken, "reports")]
    public void Authenticate_KnownToken_ReturnsItsCaller(string token, string caller)
    {
        Assert.Equal(caller, Registry().Authenticate(token)?.Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("server-token-012345678")]
    [InlineData("server-token-01234567890")]
    [InlineData("SERVER-TOKEN-0123456789")]
    public void Authenticate_UnknownOrNearMissToken_ReturnsNull(string? token)
    {
        Assert.Null(Registry().Authenticate(token));
    }

    [Fact]
    public void MayRead_McpServer_AllowsOnlyItsThreeSecrets()
    {
        var server = Registry().Authenticate(ServerToken)!;

        Assert.True(server.MayRead("MIRO_CLIENT_SECRET"));
        Assert.True(server.MayRead("MIRO_ENCRYPTION_KEY"));
        Assert.True(server.MayRead("MIRO_ENCRYPTION_KEY_PREVIOUS"));
        Assert.False(server.MayRead("REPORT_KEY"));
        Assert.False(server.MayRead("miro_client_secret"));
    }

    [Fact]
    public void MayRead_OtherCaller_DoesNotGetTheServersSecrets()
    {
        var reports = Registry().Authenticate(ReportToken)!;

        Assert.True(reports.MayRead("REPORT_KEY"));
        Assert.False(reports.MayRead("MIRO_CLIENT_SECRET"));
    }
}
