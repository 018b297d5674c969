using System.Collections.Immutable;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using MiroMcp.Server.Configuration;
using MiroMcp.Server.Miro;
using MiroMcp.Server.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace MiroMcp.Server.Auth;

/// <summary>
/// <c>/authorize</c> (OpenIddict pass-through) and <c>/oauth/callback</c> (Miro's redirect). The sequence:
/// the MCP client's request is validated by OpenIddict (client, exact redirect URI, PKCE S256, resource) →
/// consent page (unless this browser approved this client before) → Miro's authorize with our own state and PKCE
/// → callback: code exchanged with MIRO_CLIENT_SECRET, Miro user identified, token pair stored encrypted under a
/// new grant → back to /authorize, which issues our own authorization code to the MCP client.
/// </summary>
internal static class AuthorizeEndpoints
{
    public const string AuthorizePath = "/authorize";
    public const string CallbackPath = "/oauth/callback";
    public const string CsrfFieldName = "__csrf";
    public const string DecisionField = "decision";

    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LoginLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ConsentLifetime = TimeSpan.FromDays(180);

    /// <summary>Fields that belong to the consent form, not to the OAuth request it resumes.</summary>
    private static readonly HashSet<string> FormOnlyFields = new(StringComparer.Ordinal) { CsrfFieldName, DecisionField };

    public static IEndpointRouteBuilder MapAuthorizeEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods(AuthorizePath, [HttpMethods.Get, HttpMethods.Post], AuthorizeAsync).DisableAntiforgery();
        endpoints.MapGet(CallbackPath, CallbackAsync);
        return endpoints;
    }

    private static async Task<IResult> AuthorizeAsync(
        HttpContext context,
        IOpenIddictApplicationManager applications,
        IAntiforgery antiforgery,
        BrowserCookies cookies,
        IOptions<ServerOptions> serverOptions,
        ILoggerFactory loggers)
    {
        SetPageHeaders(context.Response);

        // A request OpenIddict refused where redirecting is unsafe or impossible: a page a person can read.
        if (context.GetOpenIddictServerResponse() is { Error: { Length: > 0 } error } refused)
        {
            return Page(StatusCodes.Status400BadRequest, ConsentPage.RenderError(
                "This authorization request was refused",
                $"{error}: {refused.ErrorDescription ?? "the request is not valid"}. Go back to your MCP client and connect again.",
                error));
        }

        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict request is missing.");
        var logger = loggers.CreateLogger(typeof(AuthorizeEndpoints));
        var clientId = request.ClientId!;
        var binding = RequestBinding(request);

        // 1. Back from Miro for this very request: issue our code, or relay the refusal.
        if (cookies.Read(context.Request, BrowserCookies.Login, OAuthJsonContext.Default.CompletedLogin) is { } login
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(login.RequestBinding), Encoding.UTF8.GetBytes(binding)))
        {
            cookies.Delete(context.Response, BrowserCookies.Login);
            if (login.Denied || login.GrantId is null || login.Subject is null)
            {
                return Deny("The user or Miro did not authorise access.");
            }

            return Results.SignIn(IssuePrincipal(request, login.Subject, login.GrantId, serverOptions.Value),
                authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }

        var consent = cookies.Read(context.Request, BrowserCookies.Consent, OAuthJsonContext.Default.ConsentCookie);

        // 2. The consent form was submitted.
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType
            && (await context.Request.ReadFormAsync(context.RequestAborted)).TryGetValue(DecisionField, out var decision))
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Page(StatusCodes.Status400BadRequest, ConsentPage.RenderError(
                    "This approval could not be verified",
                    "The form's security token is missing or does not match this browser. Start again from your MCP client."));
            }

            if (decision != "approve")
            {
                Log.ConsentDenied(logger, clientId);
                return Deny("The user denied access.");
            }

            var approved = consent?.ClientIds ?? [];
            if (!approved.Contains(clientId, StringComparer.Ordinal))
            {
                approved = [.. approved.TakeLast(49), clientId];
            }

            cookies.Write(context.Response, BrowserCookies.Consent, new ConsentCookie(approved), OAuthJsonContext.Default.ConsentCookie, ConsentLifetime);
            return StartMiroLogin(context, request, cookies, serverOptions.Value, logger);
        }

        // 3. Approved before in this browser: straight to Miro.
        if (consent?.ClientIds.Contains(clientId, StringComparer.Ordinal) == true)
        {
            return StartMiroLogin(context, request, cookies, serverOptions.Value, logger);
        }

        // 4. Ask.
        var application = await applications.FindByClientIdAsync(clientId, context.RequestAborted)
            ?? throw new InvalidOperationException("OpenIddict validated a client that does not exist.");
        var name = await applications.GetDisplayNameAsync(application, context.RequestAborted) ?? clientId;
        var tokens = antiforgery.GetAndStoreTokens(context);
        var fields = request.GetParameters()
            .Where(parameter => !FormOnlyFields.Contains(parameter.Key))
            .Select(parameter => new KeyValuePair<string, string>(parameter.Key, (string?)parameter.Value ?? ""));
        var html = ConsentPage.Render(name, clientId, request.RedirectUri!, RequestedScopes(request), fields, CsrfFieldName, tokens.RequestToken!);
        return Page(StatusCodes.Status200OK, html, FormActionSources(request.RedirectUri!, serverOptions.Value));
    }

    private static async Task<IResult> CallbackAsync(
        HttpContext context,
        BrowserCookies cookies,
        MiroOAuthClient miro,
        IOpenIddictApplicationManager applications,
        IOpenIddictAuthorizationManager authorizations,
        IGrantStore grants,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(AuthorizeEndpoints));
        SetPageHeaders(context.Response);
        var pending = cookies.Read(context.Request, BrowserCookies.Pending, OAuthJsonContext.Default.PendingLogin);
        var state = context.Request.Query["state"].ToString();
        if (pending is null || state.Length == 0
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(pending.State), Encoding.UTF8.GetBytes(state)))
        {
            Log.MiroLoginFailed(logger, pending is null ? "no sign-in in progress in this browser" : "state mismatch");
            return Page(StatusCodes.Status400BadRequest, ConsentPage.RenderError(
                "This sign-in link is not valid",
                "It has expired, was already used, or was not started in this browser. Start again from your MCP client."));
        }

        // Single use: the pending sign-in is spent whatever happens next.
        cookies.Delete(context.Response, BrowserCookies.Pending);
        var resume = AuthorizePath + "?" + pending.AuthorizeQuery;
        var binding = RequestBinding(QueryHelpers.ParseQuery(pending.AuthorizeQuery));

        var code = context.Request.Query["code"].ToString();
        if (code.Length == 0)
        {
            Log.MiroLoginFailed(logger, "Miro returned no code (the user declined or Miro reported an error)");
            cookies.Write(context.Response, BrowserCookies.Login, new CompletedLogin(binding, null, null, Denied: true), OAuthJsonContext.Default.CompletedLogin, LoginLifetime);
            return Results.Redirect(resume);
        }

        MiroTokenPair pair;
        MiroIdentity identity;
        try
        {
            pair = await miro.ExchangeCodeAsync(code, pending.CodeVerifier, context.RequestAborted);
            identity = await miro.GetIdentityAsync(pair.AccessToken, context.RequestAborted);
        }
        catch (Exception ex) when (ex is MiroAuthorizationException or HttpRequestException or TaskCanceledException)
        {
            Log.MiroLoginFailed(logger, ex is MiroAuthorizationException ? ex.Message : "Miro could not be reached");
            return Page(StatusCodes.Status502BadGateway, ConsentPage.RenderError(
                "Miro sign-in did not complete",
                "Miro did not accept the sign-in. Start again from your MCP client; if it keeps failing, the server's Miro app settings need checking."));
        }

        var application = await applications.FindByClientIdAsync(pending.ClientId, context.RequestAborted)
            ?? throw new InvalidOperationException("The client disappeared during sign-in.");
        var subject = "miro:" + identity.UserId;
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(Claims.Subject, subject)], OpenIddictServerAspNetCoreDefaults.AuthenticationScheme));
        var scopes = RequestedScopes(QueryHelpers.ParseQuery(pending.AuthorizeQuery)).Append(Scopes.OfflineAccess).ToImmutableArray();
        var authorization = await authorizations.CreateAsync(
            principal, subject, (await applications.GetIdAsync(application, context.RequestAborted))!,
            AuthorizationTypes.Permanent, scopes, context.RequestAborted);
        var grantId = (await authorizations.GetIdAsync(authorization, context.RequestAborted))!;

        var now = time.GetUtcNow();
        var saved = await grants.SaveAsync(
            new Grant(grantId, identity.UserId, identity.TeamId, pending.ClientId, pair, now, now, Version: 0),
            expectedVersion: 0, context.RequestAborted);
        if (saved is null)
        {
            throw new InvalidOperationException("A new grant id collided with an existing grant.");
        }

        Log.MiroLoginCompleted(logger, pending.ClientId, grantId, identity.UserId);
        cookies.Write(context.Response, BrowserCookies.Login, new CompletedLogin(binding, grantId, subject, Denied: false), OAuthJsonContext.Default.CompletedLogin, LoginLifetime);
        return Results.Redirect(resume);
    }

    private static IResult StartMiroLogin(HttpContext context, OpenIddictRequest request, BrowserCookies cookies, ServerOptions options, ILogger logger)
    {
        var state = RandomToken();
        var verifier = RandomToken();
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = QueryString.Create(request.GetParameters()
            .Where(parameter => !FormOnlyFields.Contains(parameter.Key))
            .Select(parameter => new KeyValuePair<string, string?>(parameter.Key, (string?)parameter.Value)));
        cookies.Write(context.Response, BrowserCookies.Pending,
            new PendingLogin(state, verifier, query.Value!.TrimStart('?'), request.ClientId!), OAuthJsonContext.Default.PendingLogin, PendingLifetime);

        var miroAuthorize = QueryHelpers.AddQueryString(options.MiroAuthorizeUrl, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = options.MiroClientId,
            ["redirect_uri"] = options.MiroRedirectUri,
            ["state"] = state,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });
        Log.MiroLoginStarted(logger, request.ClientId!);
        return Results.Redirect(miroAuthorize);
    }

    private static ClaimsPrincipal IssuePrincipal(OpenIddictRequest request, string subject, string grantId, ServerOptions options)
    {
        var identity = new ClaimsIdentity(authenticationType: "MiroMcp", nameType: Claims.Name, roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, subject);
        identity.SetScopes(RequestedScopes(request).Append(Scopes.OfflineAccess));
        identity.SetResources(McpResource(options));
        identity.SetAuthorizationId(grantId);
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        return new ClaimsPrincipal(identity);
    }

    public static string McpResource(ServerOptions options) => new Uri(options.PublicBaseUri, "mcp").AbsoluteUri;

    private static IResult Deny(string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.AccessDenied,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);

    private static List<string> RequestedScopes(OpenIddictRequest request) => ScopesFrom(request.Scope);

    private static List<string> RequestedScopes(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query) =>
        ScopesFrom(query.TryGetValue(Parameters.Scope, out var scope) ? scope.ToString() : null);

    private static List<string> ScopesFrom(string? scope)
    {
        var requested = (scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(item => OAuthScopes.All.Contains(item, StringComparer.Ordinal)).Distinct().ToList();
        return requested.Count > 0 ? requested : [.. OAuthScopes.Default];
    }

    /// <summary>Binds a completed Miro sign-in to one authorization request, so it cannot finish another.</summary>
    private static string RequestBinding(OpenIddictRequest request) =>
        Binding(request.ClientId, request.RedirectUri, request.CodeChallenge, request.State, request.Scope, string.Join(' ', request.GetResources()));

    private static string RequestBinding(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query) =>
        Binding(query.GetValueOrDefault(Parameters.ClientId), query.GetValueOrDefault(Parameters.RedirectUri),
            query.GetValueOrDefault(Parameters.CodeChallenge), query.GetValueOrDefault(Parameters.State),
            query.GetValueOrDefault(Parameters.Scope), string.Join(' ', query.GetValueOrDefault(Parameters.Resource).ToArray()));

    private static string Binding(params string?[] parts) =>
        Base64Url(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts.Select(part => part ?? "")))));

    private static string RandomToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Where the consent form may send the browser: here, Miro's sign-in, and back to the client.</summary>
    private static string FormActionSources(string redirectUri, ServerOptions options) =>
        string.Join(' ', new[] { "'self'", Origin(options.MiroAuthorizeUrl), Origin(redirectUri) }.Distinct(StringComparer.Ordinal));

    private static string Origin(string url) => new Uri(url).GetLeftPart(UriPartial.Authority);

    private static void SetPageHeaders(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
        response.Headers["X-Frame-Options"] = "DENY";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    private static HtmlPage Page(int status, string html, string? formActions = null) => new HtmlPage(status, html, formActions);

    private sealed class HtmlPage(int status, string html, string? formActions) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            if (formActions is not null)
            {
                httpContext.Response.Headers.ContentSecurityPolicy =
                    $"default-src 'none'; style-src 'unsafe-inline'; form-action {formActions}; frame-ancestors 'none'; base-uri 'none'";
            }

            return httpContext.Response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
