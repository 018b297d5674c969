using MiroMcp.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

// The Miro app's credentials: asked for in the dashboard, or given as Parameters__miro-client-id /
// Parameters__miro-client-secret, or kept in user-secrets (README, "Configuration").
var miroClientId = builder.AddParameter("miro-client-id");
var miroClientSecret = builder.AddParameter("miro-client-secret", secret: true);

// Values nobody needs to choose: generated once per machine and kept in this project's user-secrets.
var encryptionKey = builder.AddGeneratedSecret("miro-encryption-key", DevSecrets.NewEncryptionKey);
var gatewayToken = builder.AddGeneratedSecret("secrets-gateway-token", DevSecrets.NewServiceToken);

var gateway = builder.AddProject<Projects.MiroMcp_SecretsGateway>("secrets-gateway")
    .WithEnvironment("SECRETS_BACKEND", "local")
    .WithEnvironment("SECRETS_GATEWAY_TOKEN", gatewayToken)
    .WithEnvironment("MIRO_CLIENT_SECRET", miroClientSecret)
    .WithEnvironment("MIRO_ENCRYPTION_KEY", encryptionKey)
    .WithHttpHealthCheck("/health");

var server = builder.AddProject<Projects.MiroMcp_Server>("server");
server
    .WithReference(gateway)
    .WaitFor(gateway)
    .WithEnvironment("MIRO_CLIENT_ID", miroClientId)
    .WithEnvironment("MIRO_REDIRECT_URI", ReferenceExpression.Create($"{server.GetEndpoint("http")}/oauth/callback"))
    .WithEnvironment("SECRETS_GATEWAY_TOKEN", gatewayToken)
    .WithEnvironment("MIRO_CLIENT_SECRET", miroClientSecret)
    .WithEnvironment("MIRO_ENCRYPTION_KEY", encryptionKey)
    .WithHttpHealthCheck("/health")
    .WithServerSettings(builder.Configuration);

builder.Build().Run();
