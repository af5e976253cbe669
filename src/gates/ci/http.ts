/**
 * GET JSON from a CI provider's API with global fetch, turning every way it can go wrong into a reason
 * (never an exception): unreachable, rate limited, refused, not found, a server error, malformed JSON.
 * Follows `Link: rel="next"` pagination, only within the API's own origin (the token goes nowhere else).
 */

export interface ApiClient {
  readonly fetch: typeof fetch;
  /** API root without trailing slash, e.g. https://api.github.com or https://gitlab.example/api/v4. */
  readonly base: string;
  readonly headers: Readonly<Record<string, string>>;
  /** "GitHub", "GitLab": for messages. */
  readonly label: string;
  /** How to fix a refused or missing token, e.g. "set GITHUB_TOKEN". */
  readonly tokenHint: string;
  readonly now: () => number;
  readonly requestTimeoutMs?: number;
}

export type ApiResult =
  | { readonly ok: true; readonly status: number; readonly body: unknown; readonly headers: Headers }
  | { readonly ok: false; readonly status?: number; readonly reason: string; readonly rateLimited?: boolean; readonly retryAfterMs?: number };

/** Hard stop for runaway pagination: 50 pages of 100 is more checks than any commit has. */
export const MAX_PAGES = 50;

function messageOf(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'message' in parsed && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  const text = body.trim().replace(/\s+/g, ' ');
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

function rateLimit(res: Response, body: string, now: number): { retryAfterMs?: number } | null {
  const remaining = res.headers.get('x-ratelimit-remaining');
  const retryAfter = res.headers.get('retry-after');
  const limited = res.status === 429 || ((res.status === 403 || res.status === 429) && (remaining === '0' || retryAfter !== null || /rate limit/i.test(messageOf(body))));
  if (!limited) return null;
  if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) return { retryAfterMs: Number(retryAfter.trim()) * 1000 };
  const reset = res.headers.get('x-ratelimit-reset');
  if (reset !== null && /^\d+$/.test(reset.trim())) return { retryAfterMs: Math.max(0, Number(reset.trim()) * 1000 - now) };
  return {};
}

function what(url: URL, base: string): string {
  const full = url.toString();
  return full.startsWith(base) ? `GET ${full.slice(base.length) || '/'}` : `GET ${full}`;
}

export async function getJson(api: ApiClient, url: string): Promise<ApiResult> {
  const target = new URL(url);
  const label = `${api.label} ${what(target, api.base)}`;
  let res: Response;
  let text: string;
  try {
    res = await api.fetch(target, { headers: api.headers, redirect: 'error', signal: AbortSignal.timeout(api.requestTimeoutMs ?? 30_000) });
    text = await res.text();
  } catch (err) {
    const cause = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
    return { ok: false, reason: `${label}: could not reach ${target.host} (${cause})` };
  }
  if (!res.ok) {
    const limited = rateLimit(res, text, api.now());
    if (limited) {
      const wait = limited.retryAfterMs === undefined ? '' : `; retry in ${Math.ceil(limited.retryAfterMs / 1000)} s`;
      return { ok: false, status: res.status, rateLimited: true, reason: `${label}: rate limited (HTTP ${res.status}: ${messageOf(text)})${wait}`, ...limited };
    }
    const detail = messageOf(text);
    if (res.status === 401) return { ok: false, status: 401, reason: `${label}: the token was refused (HTTP 401: ${detail}); ${api.tokenHint}` };
    if (res.status === 404) return { ok: false, status: 404, reason: `${label}: not found (HTTP 404: ${detail}) — a wrong repository or commit, or a token that cannot read it (private repositories answer 404); ${api.tokenHint}` };
    if (res.status === 403) return { ok: false, status: 403, reason: `${label}: forbidden (HTTP 403: ${detail}); ${api.tokenHint}` };
    return { ok: false, status: res.status, reason: `${label}: HTTP ${res.status} ${detail}` };
  }
  try {
    return { ok: true, status: res.status, body: JSON.parse(text) as unknown, headers: res.headers };
  } catch {
    return { ok: false, status: res.status, reason: `${label}: malformed JSON in the answer (${text.length} bytes starting ${JSON.stringify(text.slice(0, 40))})` };
  }
}

/** The `rel="next"` target of a Link header, or null. */
export function nextLink(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;(.*)$/.exec(part.trim());
    if (m && /\brel="?([^"]*\s)?next(\s[^"]*)?"?/.test(m[2] ?? '')) return m[1] ?? null;
  }
  return null;
}

export type PagesResult = { readonly ok: true; readonly pages: readonly unknown[] } | Extract<ApiResult, { ok: false }>;

/** Every page from `url` on, following Link rel="next" within the API origin. */
export async function getPages(api: ApiClient, url: string): Promise<PagesResult> {
  const pages: unknown[] = [];
  const origin = new URL(api.base).origin;
  let next: string | null = url;
  while (next !== null) {
    if (pages.length >= MAX_PAGES) return { ok: false, reason: `${api.label}: more than ${MAX_PAGES} pages at ${url}; refusing to page on` };
    const r = await getJson(api, next);
    if (!r.ok) return r;
    pages.push(r.body);
    const link = nextLink(r.headers.get('link'));
    if (link !== null && new URL(link, next).origin !== origin) {
      return { ok: false, reason: `${api.label}: the next page is on another origin (${new URL(link, next).origin}); refusing to send the token there` };
    }
    next = link === null ? null : new URL(link, next).toString();
  }
  return { ok: true, pages };
}
