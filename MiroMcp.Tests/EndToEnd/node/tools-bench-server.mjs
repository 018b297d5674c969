// The TypeScript side of `MiroMcp.Benchmarks tools-call` (docs/benchmarks.md): an MCP server built with the official
// TypeScript SDK (Streamable HTTP, stateless, JSON responses) exposing the same read tool as MiroMcp.Server,
// `who_am_i`, which calls the same Miro emulator endpoint (GET /v1/oauth-token). No OAuth here: the benchmark hands
// this process a Miro access token (MIRO_ACCESS_TOKEN), so it does less work per call than MiroMcp.Server.
// Environment: PORT, MIRO_API_BASE_URL, MIRO_ACCESS_TOKEN.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpExpressApp } from '@modelcontextprotocol/sdk/server/express.js';

const port = Number(process.env.PORT);
const miro = process.env.MIRO_API_BASE_URL;
const miroToken = process.env.MIRO_ACCESS_TOKEN;

function newServer() {
  const server = new McpServer({ name: 'miro-ts-bench', version: '1.0.0' });
  server.registerTool('who_am_i', {
    description: 'Show the signed-in Miro user, team, organisation and granted scopes.',
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  }, async () => {
    const response = await fetch(`${miro}/v1/oauth-token`, { headers: { authorization: `Bearer ${miroToken}` } });
    const text = await response.text();
    if (!response.ok) {
      return { isError: true, content: [{ type: 'text', text: `Miro answered ${response.status}: ${text}` }] };
    }
    return { content: [{ type: 'text', text: JSON.stringify(JSON.parse(text)) }] };
  });
  return server;
}

const app = createMcpExpressApp({ host: '127.0.0.1' });
// The SDK's stateless pattern: a new server and transport per request (a stateless transport cannot be reused).
app.post('/mcp', async (req, res) => {
  const server = newServer();
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  res.on('close', () => { transport.close(); server.close(); });
  try {
    await server.connect(transport);
    await transport.handleRequest(req, res, req.body);
  } catch (error) {
    if (!res.headersSent) {
      res.status(500).json({ jsonrpc: '2.0', error: { code: -32603, message: String(error) }, id: null });
    }
  }
});
app.get('/health', (_req, res) => res.send('Healthy'));
app.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
