using MiroMcp.Server;
using MiroMcp.Server.Configuration;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServerConfiguration();

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
