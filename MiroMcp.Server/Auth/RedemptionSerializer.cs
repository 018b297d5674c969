using System.Security.Cryptography;
using System.Text;

namespace MiroMcp.Server.Auth;

/// <summary>
/// Serialises token-endpoint requests that redeem the same authorization code or refresh token. OpenIddict 7.9.0
/// lets two simultaneous redemptions of one refresh token both succeed (fixed upstream in 7.10.1 —
/// GHSA-46m5-h4wg-43f6, GHSA-7rcv-637m-gmc3 — which the package mirror does not serve yet). Holding a lock per
/// credential for the duration of the request makes the second redemption see the first one's result: a spent
/// code or a rotated refresh token, hence invalid_grant. Striped locks bound memory; one instance only — remove
/// this once 7.10.1+ is adopted (docs/decisions/003-oauth-openiddict.md).
/// </summary>
internal sealed class RedemptionSerializer(RequestDelegate next)
{
    public const string TokenPath = "/token";
    private const int Stripes = 256;
    private static readonly SemaphoreSlim[] Locks = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            await next(context);
            return;
        }

        // The parsed form is cached on the request, so OpenIddict reads the same one afterwards.
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var credential = form["grant_type"].ToString() switch
        {
            "authorization_code" => form["code"].ToString(),
            "refresh_token" => form["refresh_token"].ToString(),
            _ => "",
        };
        if (credential.Length == 0)
        {
            await next(context);
            return;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(credential));
        var gate = Locks[BitConverter.ToUInt32(hash, 0) % Stripes];
        await gate.WaitAsync(context.RequestAborted);
        try
        {
            await next(context);
        }
        finally
        {
            gate.Release();
        }
    }
}
