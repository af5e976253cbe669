// A loopback HTTP server that plays a CI provider's API for the CI gate's contract tests: crafted routes,
// and recorded real GitHub responses from @octokit/fixtures replayed at their recorded paths.
//
//   await using api = await replayServer((req) => req.path === '/x' ? json(200, {...}) : undefined);
//   ciStatus({ config: { provider: 'github', apiUrl: api.url, ... }, ... });
//   api.requests  // what the client asked, in order
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';

export interface ReplayRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as is (malformed JSON cases); anything else as JSON. */
  body?: unknown;
}

export type Handler = (req: ReplayRequest, api: { url: string }) => Reply | undefined;

export interface ReplayServer extends AsyncDisposable {
  url: string;
  requests: ReplayRequest[];
  close(): Promise<void>;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return { status, body, headers };
}

export async function replayServer(handler: Handler): Promise<ReplayServer> {
  const requests: ReplayRequest[] = [];
  const state = { url: '' };
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const r: ReplayRequest = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers };
    requests.push(r);
    const reply = handler(r, state) ?? json(404, { message: 'Not Found (no route in the replay server)', documentation_url: 'https://docs.github.com/rest' });
    const body = typeof reply.body === 'string' ? reply.body : reply.body === undefined ? '' : JSON.stringify(reply.body);
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8', ...reply.headers };
    for (const h of ['content-length', 'transfer-encoding', 'content-encoding', 'connection']) delete headers[h];
    res.writeHead(reply.status, headers);
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: state.url, requests, close, [Symbol.asyncDispose]: close };
}

// ---- @octokit/fixtures: recorded real GitHub API responses ----

export interface OctokitFixture {
  scope: string;
  method: string;
  path: string;
  status: number;
  response: unknown;
  headers: Record<string, string | number>;
}

const FIXTURES_DIR = dirname(createRequire(import.meta.url).resolve('@octokit/fixtures/package.json'));

/** The recorded exchanges of a scenario, e.g. `api.github.com/create-status`. */
export function octokitScenario(name: string): OctokitFixture[] {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, 'scenarios', name, 'normalized-fixture.json'), 'utf8')) as OctokitFixture[];
}

/** A recorded exchange as a reply: its status, its headers (URLs pointing at api.github.com rewritten to `base`), its body. */
export function fixtureReply(f: OctokitFixture, base: string, body: unknown = f.response): Reply {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(f.headers)) headers[k] = String(v).replaceAll('https://api.github.com', base);
  return { status: f.status, headers, body };
}

/** Replays a scenario's GET exchanges at their recorded paths (query ignored); other routes fall through to `fallback`. */
export function replayScenario(fixtures: readonly OctokitFixture[], fallback: Handler = () => undefined): Handler {
  return (req, api) => {
    const f = fixtures.find((x) => x.method.toUpperCase() === req.method && x.path.split('?')[0] === req.path);
    return f ? fixtureReply(f, api.url) : fallback(req, api);
  };
}
