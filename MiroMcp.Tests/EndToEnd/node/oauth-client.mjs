// A real MCP client (the TypeScript MCP SDK) that signs in to MiroMcp the way Claude.ai's connector does:
// discovery -> dynamic client registration -> authorize (PKCE S256, resource) -> consent page -> Miro sign-in
// (the emulator auto-approves) -> token -> tools/list -> tools/call -> access token rejected -> refresh -> call.
// The "browser" is plain fetch with a cookie jar; the consent form is submitted the way a person's browser would.
// Usage: node oauth-client.mjs --server http://127.0.0.1:PORT --redirect https://claude.ai/api/mcp/auth_callback
//        [--cimd https://host/client.json]   (a client ID metadata document instead of dynamic registration)
// Prints one JSON object per step on stdout; never prints a token, code or verifier. Exit code 0 = all steps passed.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, value, index, all) =>
  (index % 2 === 0 ? [...pairs, [value.replace(/^--/, ''), all[index + 1]]] : pairs), []));
const server = new URL(args.server);
const mcpUrl = new URL('/mcp', server);
const redirectUrl = args.redirect;
const clientMetadataUrl = args.cimd;

const report = (step, details = {}) => console.log(JSON.stringify({ step, ...details }));
const fail = (step, message) => { report(step, { ok: false, error: message }); process.exit(1); };

class MemoryProvider {
  constructor() { this.savedTokens = []; this.authorizationUrl = undefined; }
  get redirectUrl() { return redirectUrl; }
  get clientMetadataUrl() { return clientMetadataUrl; }
  get clientMetadata() {
    return {
      client_name: 'MiroMcp end-to-end client',
      redirect_uris: [redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }
  clientInformation() { return this.client; }
  saveClientInformation(info) { this.client = info; }
  tokens() { return this.current; }
  saveTokens(tokens) { this.current = tokens; this.savedTokens.push(tokens); }
  redirectToAuthorization(url) { this.authorizationUrl = url; }
  saveCodeVerifier(verifier) { this.verifier = verifier; }
  codeVerifier() { return this.verifier; }
}

// A minimal browser: follows redirects by hand so that each hop can be checked, keeps cookies per origin.
const jar = new Map();
function remember(url, response) {
  const origin = new URL(url).origin;
  const cookies = jar.get(origin) ?? new Map();
  for (const header of response.headers.getSetCookie()) {
    const [pair, ...attributes] = header.split(';');
    const [name, ...rest] = pair.split('=');
    const expired = attributes.some(a => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0/i.test(a));
    if (expired) cookies.delete(name.trim()); else cookies.set(name.trim(), rest.join('='));
  }
  jar.set(origin, cookies);
}
async function browse(url, init = {}) {
  const cookies = jar.get(new URL(url).origin);
  const headers = { ...(init.headers ?? {}) };
  if (cookies?.size) headers.cookie = [...cookies].map(([n, v]) => `${n}=${v}`).join('; ');
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  remember(url, response);
  return response;
}
function decode(text) {
  return text.replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&#x2B;/g, '+').replace(/&#x3D;/g, '=').replace(/&#x2F;/g, '/').replace(/&#x3A;/g, ':')
    .replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16))).replace(/&amp;/g, '&');
}

async function signIn(provider) {
  let response = await browse(provider.authorizationUrl.href);
  if (response.status !== 200) fail('consent-page', `authorize answered ${response.status}`);
  const html = await response.text();
  if (clientMetadataUrl && !html.includes(clientMetadataUrl)) fail('consent-page', 'the metadata URL is not shown as the client id');
  const csp = response.headers.get('content-security-policy') ?? '';
  if (!csp.includes("frame-ancestors 'none'")) fail('consent-page', 'no frame-ancestors none');
  if (!html.includes(redirectUrl.replace(/&/g, '&amp;'))) fail('consent-page', 'redirect URI not shown');
  report('consent-page', { ok: true, showsClientName: html.includes('MiroMcp end-to-end client') });

  const form = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) form.append(decode(match[1]), decode(match[2]));
  form.append('decision', 'approve');
  let url = new URL('/authorize', server).href;
  response = await browse(url, { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  // Consent -> Miro authorize -> our callback -> /authorize -> the client's redirect URI.
  const hops = [];
  for (let i = 0; i < 6 && response.status >= 300 && response.status < 400; i++) {
    const location = new URL(response.headers.get('location'), url);
    hops.push(location.pathname);
    if (location.href.startsWith(redirectUrl)) {
      const params = location.searchParams;
      if (params.get('error')) fail('authorize', `error ${params.get('error')}`);
      if (params.get('iss') === null) fail('authorize', 'no iss on the authorization response');
      report('authorize', { ok: true, hops, iss: params.get('iss') });
      return params.get('code');
    }
    url = location.href;
    response = await browse(url);
  }
  fail('authorize', `stopped at ${response.status} after ${hops.join(' > ')}`);
}

const provider = new MemoryProvider();
let transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
let client = new Client({ name: 'miromcp-e2e', version: '1.0.0' });
try {
  await client.connect(transport);
  fail('unauthorized', 'the server accepted a client without a token');
} catch (error) {
  if (!(error instanceof UnauthorizedError)) fail('unauthorized', String(error));
  report('unauthorized', { ok: true, registered: Boolean(provider.client?.client_id), clientId: provider.client?.client_id ?? null });
}

const code = await signIn(provider);
await transport.finishAuth(code);
report('token', { ok: true, refreshToken: Boolean(provider.current?.refresh_token), tokenType: provider.current?.token_type });

transport = new StreamableHTTPClientTransport(mcpUrl, { authProvider: provider });
client = new Client({ name: 'miromcp-e2e', version: '1.0.0' });
await client.connect(transport);
const tools = await client.listTools();
report('tools-list', { ok: true, names: tools.tools.map(tool => tool.name) });

const first = await client.callTool({ name: 'who_am_i', arguments: {} });
report('tools-call', { ok: !first.isError, content: first.structuredContent ?? JSON.parse(first.content?.[0]?.text ?? 'null') });

// Our access token "expires": the server answers 401 and the SDK refreshes with the refresh token.
const before = provider.current.refresh_token;
provider.current = { ...provider.current, access_token: 'expired-' + provider.current.access_token.slice(-4) };
const second = await client.callTool({ name: 'who_am_i', arguments: {} });
const rotated = provider.current.refresh_token !== before;
report('refresh', { ok: !second.isError && rotated, rotated, saves: provider.savedTokens.length });
await client.close();
if (second.isError || !rotated || first.isError) process.exit(1);
report('done', { ok: true });
