using MiroMcp.Server;
using MiroMcp.Server.Auth;
using MiroMcp.Server.Configuration;
using MiroMcp.Server.Http;
using MiroMcp.Server.Mcp;
using MiroMcp.Server.Miro;
using MiroMcp.Server.Tools;
using MiroMcp.Server.Tokens;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServerConfiguration();
builder.AddGrantStore();
builder.AddAuthorizationServer();
builder.Services.AddOAuthJson();
builder.AddMiroClient();
builder.AddMcpEndpoint()
    .AddMiroTools(builder.Configuration);

var app = builder.Build();

if (app.LoadValidated<ServerOptions>() is null)
{
    return 1;
}

var loadedNames = ConfigurationNames.Present(app.Configuration);
Log.ConfigurationLoaded(app.Logger, loadedNames);

await app.InitializeAuthorizationStoreAsync();
app.StartTokenLookupWarmUp();

app.UseMalformedRequestGuard();
app.UseForwardedHeaders();
app.UseRateLimiter();
app.UseMcpRequestGuard();
app.UseRedemptionSerializer();
app.UseAuthentication();
app.UseMcpGrantResolution();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapAuthorizationServer();
app.MapMcpEndpoint();

await app.RunAsync();
return 0;
