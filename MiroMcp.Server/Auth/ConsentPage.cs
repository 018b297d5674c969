using System.Text;
using System.Text.Encodings.Web;

namespace MiroMcp.Server.Auth;

/// <summary>The consent page: server-rendered HTML, no script, names the client, its redirect URI and scopes.</summary>
internal static class ConsentPage
{
    private static readonly Dictionary<string, string> ScopeDescriptions = new(StringComparer.Ordinal)
    {
        [OAuthScopes.BoardsRead] = "Read your Miro boards, their items, tags and members",
        [OAuthScopes.BoardsWrite] = "Create, change and delete boards and board items",
    };

    public static string Render(
        string clientName, string clientId, string redirectUri, IReadOnlyList<string> scopes,
        IEnumerable<KeyValuePair<string, string>> hiddenFields, string csrfFieldName, string csrfToken)
    {
        var html = HtmlEncoder.Default;
        var body = new StringBuilder();
        body.Append("""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Allow access to your Miro boards?</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
            h1{font-size:1.4rem} dt{font-weight:600;margin-top:.8rem} dd{margin:0} dd code{word-break:break-all}
            code{background:#f2f2f2;padding:.1rem .3rem} .actions{margin-top:1.5rem;display:flex;gap:1rem}
            button{font-size:1rem;padding:.6rem 1.4rem;border-radius:.4rem;border:1px solid #444;cursor:pointer}
            button:focus-visible{outline:3px solid #0b57d0;outline-offset:2px}
            #approve{background:#0b57d0;color:#fff;border-color:#0b57d0}
            </style>
            </head>
            <body>
            <main>
            """);
        body.Append("<h1>Allow <span id=\"client-name\">").Append(html.Encode(clientName)).Append("</span> to use your Miro boards?</h1>\n");
        body.Append("<p>After you approve, Miro asks you to sign in and confirm. You can revoke access at any time.</p>\n<dl>\n");
        body.Append("<dt>Application</dt><dd id=\"client-id\"><code>").Append(html.Encode(clientId)).Append("</code></dd>\n");
        body.Append("<dt>It will receive access at</dt><dd id=\"redirect-uri\"><code>").Append(html.Encode(redirectUri)).Append("</code></dd>\n");
        body.Append("<dt>It asks to</dt><dd><ul id=\"scopes\">\n");
        foreach (var scope in scopes)
        {
            body.Append("<li><code>").Append(html.Encode(scope)).Append("</code> — ")
                .Append(html.Encode(ScopeDescriptions.GetValueOrDefault(scope, scope))).Append("</li>\n");
        }

        body.Append("</ul></dd>\n</dl>\n<form method=\"post\" action=\"/authorize\">\n");
        foreach (var (name, value) in hiddenFields)
        {
            body.Append("<input type=\"hidden\" name=\"").Append(html.Encode(name)).Append("\" value=\"").Append(html.Encode(value)).Append("\">\n");
        }

        body.Append("<input type=\"hidden\" name=\"").Append(html.Encode(csrfFieldName)).Append("\" value=\"").Append(html.Encode(csrfToken)).Append("\">\n");
        body.Append("""
            <div class="actions">
            <button id="approve" type="submit" name="decision" value="approve" autofocus>Approve</button>
            <button id="deny" type="submit" name="decision" value="deny">Deny</button>
            </div>
            </form>
            </main>
            </body>
            </html>
            """);
        return body.ToString();
    }

    public static string RenderError(string title, string message, string? errorCode = null)
    {
        var html = HtmlEncoder.Default;
        return $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>{html.Encode(title)}</title></head>
            <body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem">
            <h1 id="error-title">{html.Encode(title)}</h1><p id="error-message">{html.Encode(message)}</p>
            <p><code id="error-code">{html.Encode(errorCode ?? "")}</code></p>
            </body></html>
            """;
    }
}
