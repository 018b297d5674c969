using System.Net.Http.Json;
using System.Text.Json;
using MiroMcp.Server.Miro;

namespace MiroMcp.Tests.Fixtures.Miro;

/// <summary>
/// A test <see cref="IMiroAccessTokenSource"/>: holds one emulator-issued token pair and, when Miro rejects the
/// access token, refreshes it through the emulator's real token endpoint (what the OAuth side does in production).
/// </summary>
internal sealed class EmulatorTokenSource(MiroEmulator miro) : IMiroAccessTokenSource, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = miro.BaseUrl };
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private MiroTokenPair _pair = miro.IssueTokens();
    private int _renewals;

    public int Renewals => Volatile.Read(ref _renewals);

    public string RefreshToken => Volatile.Read(ref _pair).RefreshToken;

    /// <summary>Signs in again (a fresh pair), e.g. after a test revoked the grant.</summary>
    public void Reset() => Volatile.Write(ref _pair, miro.IssueTokens());

    public string AccessToken => Volatile.Read(ref _pair).AccessToken;

    public ValueTask<string> GetAccessTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(AccessToken);

    public async ValueTask<string?> RenewAfterRejectionAsync(string rejectedAccessToken, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var current = Volatile.Read(ref _pair);
            if (current.AccessToken != rejectedAccessToken)
            {
                return current.AccessToken;
            }

            using var response = await _http.PostAsync("v1/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["refresh_token"] = current.RefreshToken,
                ["client_id"] = miro.ClientId, ["client_secret"] = miro.ClientSecret,
            }), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var renewed = current with { AccessToken = json.GetProperty("access_token").GetString()!, RefreshToken = json.GetProperty("refresh_token").GetString()! };
            Volatile.Write(ref _pair, renewed);
            Interlocked.Increment(ref _renewals);
            return renewed.AccessToken;
        }
        finally
        {
            _refresh.Release();
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _refresh.Dispose();
    }
}
