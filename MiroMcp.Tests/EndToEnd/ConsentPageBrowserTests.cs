using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using MiroMcp.Tests.Fixtures;
using static Microsoft.Playwright.Assertions;

namespace MiroMcp.Tests.EndToEnd;

/// <summary>
/// The consent page in a real browser (Debian's Chromium through Playwright): what it shows, approve and deny,
/// from the keyboard only. Screenshots land in the test output's screenshots/ folder for review.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed partial class ConsentPageBrowserTests(AppHostFixture fixture) : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install chromium (scripts/test.sh does).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    private async Task<(IPage Page, Dictionary<string, string?> Parameters)> OpenConsentAsync(string clientName)
    {
        using var client = new OAuthTestClient(fixture.ServerUrl);
        var clientId = await client.RegisterAsync(name: clientName);
        var parameters = client.AuthorizeParameters(clientId, OAuthTestClient.NewPkce().Challenge);
        var context = await _browser!.NewContextAsync();
        var page = await context.NewPageAsync();
        // The client's redirect URI is on the internet, which this machine cannot reach: answer it locally.
        await page.RouteAsync("https://claude.ai/**", route => route.FulfillAsync(new RouteFulfillOptions { Status = 200, Body = "client reached" }));
        await page.GotoAsync(QueryHelpers.AddQueryString(new Uri(fixture.ServerUrl, "/authorize").AbsoluteUri, parameters));
        return (page, parameters);
    }

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = true });
        Assert.True(new FileInfo(Path.Combine(folder, name)).Length > 0);
    }

    [Fact]
    public async Task ConsentPage_ShowsClientRedirectAndScopes_ApproveWithKeyboardReturnsCode()
    {
        var (page, parameters) = await OpenConsentAsync("Claude <script>alert(1)</script>");

        await Expect(page.Locator("#client-name")).ToHaveTextAsync("Claude <script>alert(1)</script>");
        await Expect(page.Locator("#redirect-uri")).ToHaveTextAsync(OAuthTestClient.ClaudeCallback);
        await Expect(page.Locator("#scopes li")).ToHaveCountAsync(2);
        await Expect(page.Locator("#scopes")).ToContainTextAsync("boards:read");
        await Expect(page.Locator("#scopes")).ToContainTextAsync("boards:write");
        await Expect(page.Locator("#approve")).ToBeFocusedAsync();
        await ScreenshotAsync(page, "consent.png");

        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(OAuthTestClient.ClaudeCallback) + @"\?code=[^&]+&state=" + Regex.Escape(parameters["state"]!) + "&iss="));
        await Expect(page.Locator("body")).ToHaveTextAsync("client reached");
    }

    [Fact]
    public async Task ConsentPage_DenyWithKeyboard_ClientGetsAccessDenied()
    {
        var (page, parameters) = await OpenConsentAsync("Keyboard client");
        await Expect(page.Locator("#approve")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#deny")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(OAuthTestClient.ClaudeCallback) + @"\?error=access_denied&.*state=" + Regex.Escape(parameters["state"]!)));
        await ScreenshotAsync(page, "consent-denied-client.png");
    }
}
