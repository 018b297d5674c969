using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using MiroMcp.Server.Configuration;
using MiroMcp.Tests.Fixtures;

namespace MiroMcp.Tests.Integration.Deployment;

/// <summary>
/// The gateway runs as a private Serverless Container, which admits only callers with an IAM key in X-Auth-Token:
/// the server sends SECRETS_GATEWAY_ACCESS_KEY there, beside its own bearer token.
/// </summary>
public sealed class PrivateGatewayAccessTests
{
    [Fact]
    public void GatewayRead_AccessKeySet_SendsItAsXAuthTokenBesideTheBearerToken()
    {
        var token = TestSecrets.NewToken("server");
        var accessKey = TestSecrets.NewToken("iam-key");
        using var handler = new RecordingHandler();

        Load(handler, new() { ["SECRETS_GATEWAY_TOKEN"] = token, ["SECRETS_GATEWAY_ACCESS_KEY"] = accessKey });

        var request = Assert.Single(handler.Requests);
        Assert.Equal(["Bearer " + token], request.Authorization);
        Assert.Equal([accessKey], request.XAuthToken);
    }

    [Fact]
    public void GatewayRead_NoAccessKey_SendsNoXAuthToken()
    {
        using var handler = new RecordingHandler();

        Load(handler, new() { ["SECRETS_GATEWAY_TOKEN"] = TestSecrets.NewToken("server") });

        var request = Assert.Single(handler.Requests);
        Assert.Empty(request.XAuthToken);
    }

    [Fact]
    public void Settings_ToString_MasksTheAccessKey()
    {
        var accessKey = TestSecrets.NewToken("iam-key");
        var settings = Settings(new() { ["SECRETS_GATEWAY_TOKEN"] = "t", ["SECRETS_GATEWAY_ACCESS_KEY"] = accessKey });

        Assert.Equal(accessKey, settings.AccessKey);
        Assert.DoesNotContain(accessKey, settings.ToString(), StringComparison.Ordinal);
    }

    private static SecretsGatewaySettings Settings(Dictionary<string, string?> values)
    {
        values["SECRETS_GATEWAY_URL"] = "https://gateway.invalid/";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        return SecretsGatewaySettings.FromConfiguration(configuration)!;
    }

    private static void Load(RecordingHandler handler, Dictionary<string, string?> values)
    {
        var parsed = Settings(values);
        var settings = new SecretsGatewaySettings
        {
            BaseUri = parsed.BaseUri,
            Token = parsed.Token,
            AccessKey = parsed.AccessKey,
            Handler = handler,
            StartupAttempts = 1,
        };
        using var provider = new SecretsGatewayConfigurationProvider(settings);
        provider.Load();
    }

    private sealed record SeenRequest(string[] Authorization, string[] XAuthToken);

    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<SeenRequest> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(new SeenRequest(
                request.Headers.TryGetValues("Authorization", out var authorization) ? [.. authorization] : [],
                request.Headers.TryGetValues("X-Auth-Token", out var xAuth) ? [.. xAuth] : []));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(
                    """{"secrets":[],"missing":["MIRO_CLIENT_SECRET","MIRO_ENCRYPTION_KEY","MIRO_ENCRYPTION_KEY_PREVIOUS"]}""",
                    Encoding.UTF8,
                    "application/json"),
            });
        }
    }
}
