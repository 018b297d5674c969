using Microsoft.AspNetCore.Http.HttpResults;
using MiroMcp.SecretsGateway.Auditing;
using MiroMcp.SecretsGateway.Caching;
using MiroMcp.SecretsGateway.Secrets;

namespace MiroMcp.SecretsGateway.Apis;

/// <summary>
/// The caller API (docs/secrets-gateway.md): <c>GET /v1/secrets/{name}</c>, <c>GET /v1/secrets?name=A&amp;name=B</c>,
/// <c>GET /v1/validation</c>. Every call carries <c>Authorization: Bearer &lt;service token&gt;</c>.
/// </summary>
internal static class SecretsApi
{
    public const string CacheHeader = "X-Secrets-Cache";
    private const string UnknownCaller = "-";

    public static IEndpointRouteBuilder MapSecretsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/v1");
        api.MapGet("/secrets/{name}", GetSecretAsync);
        api.MapGet("/secrets", GetSecretsAsync);
        api.MapGet("/validation", ValidateAsync);
        return endpoints;
    }

    public static async Task<Results<Ok<SecretResponse>, ProblemHttpResult>> GetSecretAsync(
        string name, HttpContext context, CallerRegistry callers, SecretCache cache, AccessAudit audit, CancellationToken cancellationToken)
    {
        var caller = callers.Authenticate(BearerToken(context));
        if (caller is null)
        {
            audit.Record(UnknownCaller, name, null, null, AccessOutcome.Unauthenticated, "none");
            return Unauthorized(context);
        }

        if (!caller.MayRead(name))
        {
            audit.Record(caller.Name, name, null, null, AccessOutcome.Forbidden, "none");
            return Forbidden(name);
        }

        NoStore(context);
        var read = await ReadAsync(caller, name, cache, audit, cancellationToken);
        if (read.Failure is { } failure)
        {
            return failure.Failure == SecretStoreFailure.NotFound
                ? TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status404NotFound, title: "Secret not found")
                : Unavailable(failure);
        }

        context.Response.Headers[CacheHeader] = CacheTag(read.Value.Result);
        return TypedResults.Ok(ToResponse(read.Value.Value));
    }

    public static async Task<Results<Ok<SecretsResponse>, ProblemHttpResult>> GetSecretsAsync(
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "name")] string[] names, HttpContext context, CallerRegistry callers,
        SecretCache cache, AccessAudit audit, CancellationToken cancellationToken)
    {
        var distinct = names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToArray();
        var caller = callers.Authenticate(BearerToken(context));
        if (caller is null)
        {
            foreach (var name in distinct)
            {
                audit.Record(UnknownCaller, name, null, null, AccessOutcome.Unauthenticated, "none");
            }

            return Unauthorized(context);
        }

        if (distinct.Length == 0)
        {
            return TypedResults.Problem("Name at least one secret: /v1/secrets?name=A&name=B", statusCode: StatusCodes.Status400BadRequest, title: "No secret named");
        }

        var denied = distinct.Where(name => !caller.MayRead(name)).ToArray();
        if (denied.Length > 0)
        {
            foreach (var name in denied)
            {
                audit.Record(caller.Name, name, null, null, AccessOutcome.Forbidden, "none");
            }

            return Forbidden(string.Join(", ", denied));
        }

        NoStore(context);
        var secrets = new List<SecretResponse>(distinct.Length);
        var missing = new List<string>();
        foreach (var name in distinct)
        {
            var read = await ReadAsync(caller, name, cache, audit, cancellationToken);
            if (read.Failure is { } failure)
            {
                if (failure.Failure != SecretStoreFailure.NotFound)
                {
                    return Unavailable(failure);
                }

                missing.Add(name);
            }
            else
            {
                secrets.Add(ToResponse(read.Value.Value));
            }
        }

        return TypedResults.Ok(new SecretsResponse(secrets, missing));
    }

    public static async Task<Results<Ok<ValidationResponse>, ProblemHttpResult>> ValidateAsync(
        HttpContext context, CallerRegistry callers, RequiredSecretsChecker checker, CancellationToken cancellationToken)
    {
        if (callers.Authenticate(BearerToken(context)) is null)
        {
            return Unauthorized(context);
        }

        return TypedResults.Ok(await checker.CheckAsync(cancellationToken));
    }

    private static async Task<(CachedRead Value, SecretStoreException? Failure)> ReadAsync(
        Caller caller, string name, SecretCache cache, AccessAudit audit, CancellationToken cancellationToken)
    {
        try
        {
            var read = await cache.GetAsync(name, cancellationToken);
            audit.Record(caller.Name, name, read.Value.SecretId, read.Value.Revision, AccessOutcome.Granted, CacheTag(read.Result));
            return (read, null);
        }
        catch (SecretStoreException ex)
        {
            var outcome = ex.Failure switch
            {
                SecretStoreFailure.NotFound => AccessOutcome.NotFound,
                SecretStoreFailure.Unavailable => AccessOutcome.Unavailable,
                _ => AccessOutcome.Error,
            };
            audit.Record(caller.Name, name, null, null, outcome, "none");
            return (default, ex);
        }
    }

    private static SecretResponse ToResponse(SecretValue value) =>
        new(value.Name, value.Value, value.Revision, value.SecretId, value.CreatedAt, value.UpdatedAt);

    public static string CacheTag(CacheResult result) => result switch
    {
        CacheResult.Hit => "hit",
        CacheResult.Miss => "miss",
        CacheResult.Stale => "stale",
        CacheResult.StaleIfError => "stale-if-error",
        _ => "negative",
    };

    private static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        return header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? header[Prefix.Length..].Trim() : null;
    }

    private static void NoStore(HttpContext context) => context.Response.Headers.CacheControl = "no-store";

    private static ProblemHttpResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem("A valid service token is required: Authorization: Bearer <token>", statusCode: StatusCodes.Status401Unauthorized, title: "Unauthenticated");
    }

    private static ProblemHttpResult Forbidden(string names) =>
        TypedResults.Problem($"This caller may not read: {names}", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    private static ProblemHttpResult Unavailable(SecretStoreException failure) =>
        TypedResults.Problem(failure.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "Secret store unavailable");
}
