using MiroMcp.Server;
using MiroMcp.Server.Configuration;
using MiroMcp.Server.Tokens;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServerConfiguration();
builder.AddGrantStore();

var app = builder.Build();

if (app.LoadValidated<ServerOptions>() is null)
{
    return 1;
}

var loadedNames = ConfigurationNames.Present(app.Configuration);
Log.ConfigurationLoaded(app.Logger, loadedNames);

app.MapDefaultEndpoints();

await app.RunAsync();
return 0;
