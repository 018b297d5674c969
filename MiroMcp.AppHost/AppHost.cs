using MiroMcp.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// The Miro app's credentials: asked for in the dashboard, or given as Parameters__miro-client-id /
// Parameters__miro-client-secret, or kept in user-secrets (README, "Configuration").
var miroClientId = builder.AddParameter("miro-client-id");
var miroClientSecret = builder.AddParameter("miro-client-secret", secret: true);

// Values nobody needs to choose: generated once per machine and kept in this project's user-secrets.
var encryptionKey = builder.AddGeneratedSecret("miro-encryption-key", DevSecrets.NewEncryptionKey);
var gatewayToken = builder.AddGeneratedSecret("secrets-gateway-token", DevSecrets.NewServiceToken);

// The gateway reads local values by default; give Parameters:scaleway-secret-key (and Gateway:ScalewayProjectId)
// to read Scaleway Secret Manager instead, and Gateway:ScalewayApiUrl to point it at any Scaleway API URL.
var scaleway = ScalewayGatewaySettings.From(builder);
var gateway = builder.AddProject<Projects.MiroMcp_SecretsGateway>("secrets-gateway")
    .WithEnvironment("SECRETS_BACKEND", scaleway.Backend)
    .WithEnvironment("SECRETS_GATEWAY_TOKEN", gatewayToken)
    .WithHttpHealthCheck("/health")
    .WithTelemetrySettings(builder.Configuration);
if (scaleway.IsLocal)
{
    gateway
        .WithEnvironment("MIRO_CLIENT_SECRET", miroClientSecret)
        .WithEnvironment("MIRO_ENCRYPTION_KEY", encryptionKey);
}
else
{
    scaleway.Apply(gateway);
}

// The server holds no secret of its own: it reads them from the gateway (service discovery + its caller token).
var server = builder.AddProject<Projects.MiroMcp_Server>("server");
server
    .WithReference(gateway)
    .WaitFor(gateway)
    .WithEnvironment("MIRO_CLIENT_ID", miroClientId)
    .WithEnvironment("MIRO_REDIRECT_URI", ReferenceExpression.Create($"{server.GetEndpoint("http")}/oauth/callback"))
    .WithEnvironment("SECRETS_GATEWAY_TOKEN", gatewayToken)
    .WithHttpHealthCheck("/health")
    .WithServerSettings(builder.Configuration)
    .WithTelemetrySettings(builder.Configuration);

builder.Build().Run();
