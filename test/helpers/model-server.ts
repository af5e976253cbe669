// A scripted stand-in for the Anthropic Messages API on 127.0.0.1, for driving the real Claude Code
// binary deterministically (ANTHROPIC_BASE_URL=server.url). Every request is recorded.
//
// Loop requests (main loop and subagents: a non-empty `tools` array) consume the script; side requests
// (session title, summaries: no tools), token counting and `HEAD /` are answered plainly and consume
// nothing. A subagent runs inside its Agent tool call, so with one subagent at a time its requests
// simply come next in the script. For concurrent conversations give steps a `when` predicate (a step
// answers the first request it accepts), or pass a function that decides per request.
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asMessagesRequest, contentText, isLoopRequest, type MessagesRequest } from './model-request.ts';
import { writeError, writeJsonReply, writeSseReply, type Reply, type ReplyBlock } from './model-reply.ts';

export interface ToolCall {
  name: string;
  input: unknown;
  /** Defaults to a unique `toolu_scripted_<seq>_<n>`. */
  id?: string;
}

export interface Step {
  /** Names the step so tests can find the request it answered and the one that followed. */
  label?: string;
  text?: string;
  /** Tool calls make the reply end with `stop_reason: "tool_use"`, otherwise `end_turn`. */
  tools?: ToolCall[];
  /** Only requests this accepts may consume the step (default: any loop request). */
  when?: (req: MessagesRequest) => boolean;
}

export interface ScriptContext {
  /** How many loop requests came before this one. */
  index: number;
  requests: readonly RecordedRequest[];
}

/** Decides the reply to one loop request; undefined answers "done." (end_turn). */
export type ScriptFn = (req: MessagesRequest, ctx: ScriptContext) => Step | undefined;

export type RequestKind = 'loop' | 'side' | 'count_tokens' | 'other';

export interface RecordedRequest {
  seq: number;
  at: number;
  method: string;
  url: string;
  path: string;
  headers: IncomingHttpHeaders;
  kind: RequestKind;
  rawBody: string;
  body: MessagesRequest | undefined;
  /** Loop requests: index of the script step that answered (undefined once the script is exhausted). */
  step?: number;
  label?: string;
  reply?: Reply;
}

export interface ModelServer extends AsyncDisposable {
  /** Base URL for ANTHROPIC_BASE_URL. */
  url: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Script or predicate failures (answered with a 400 so Claude Code fails fast instead of retrying). */
  errors: string[];
  /** Main-loop and subagent requests, in arrival order. */
  loopRequests(): RecordedRequest[];
  /** Steps of an array script that nothing consumed, as `label` or `#index`. */
  unusedSteps(): string[];
  /** The recorded request the step labelled `label` answered. */
  answeredBy(label: string): RecordedRequest;
  /** The next request of the same conversation after the step labelled `label` replied (what the model saw next). */
  continuationOf(label: string): MessagesRequest;
  close(): Promise<void>;
}

export const EXHAUSTED_TEXT = 'done.';

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function replyFor(step: Step | undefined, seq: number, model: string): Reply {
  const content: ReplyBlock[] = [];
  if (step === undefined) content.push({ type: 'text', text: EXHAUSTED_TEXT });
  else {
    if (step.text !== undefined) content.push({ type: 'text', text: step.text });
    (step.tools ?? []).forEach((t, n) => {
      content.push({ type: 'tool_use', id: t.id ?? `toolu_scripted_${seq}_${n}`, name: t.name, input: t.input });
    });
    if (content.length === 0) throw new Error(`script step ${step.label ?? ''} has neither text nor tools`);
  }
  return { id: `msg_scripted_${seq}`, model, content };
}

/** Whether `req` carries the assistant turn `reply` (same conversation, later request). */
function continues(req: MessagesRequest, reply: Reply): boolean {
  const ids = reply.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
  const text = reply.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('\n');
  return req.messages.some((m) => {
    if (m.role !== 'assistant') return false;
    if (ids.length > 0) return typeof m.content !== 'string' && m.content.some((b) => b.id !== undefined && ids.includes(b.id));
    return contentText(m.content).trim() === text.trim();
  });
}

export async function startModelServer(script: Step[] | ScriptFn): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  const errors: string[] = [];
  const used = new Set<number>();
  let loopCount = 0;

  const pick = (body: MessagesRequest): { step: Step | undefined; index: number | undefined } => {
    const ctx: ScriptContext = { index: loopCount, requests };
    loopCount += 1;
    if (typeof script === 'function') return { step: script(body, ctx), index: ctx.index };
    const index = script.findIndex((s, i) => !used.has(i) && (s.when === undefined || s.when(body)));
    if (index < 0) return { step: undefined, index: undefined };
    used.add(index);
    return { step: script[index], index };
  };

  const answerMessages = (rec: RecordedRequest, res: ServerResponse): void => {
    const body = rec.body;
    if (body === undefined) {
      writeError(res, 400, 'invalid_request_error', 'body is not a Messages API request');
      return;
    }
    let reply: Reply;
    if (isLoopRequest(body)) {
      rec.kind = 'loop';
      const { step, index } = pick(body);
      rec.step = step === undefined ? undefined : index;
      rec.label = step?.label;
      reply = replyFor(step, rec.seq, body.model);
    } else {
      reply = replyFor(undefined, rec.seq, body.model);
    }
    rec.reply = reply;
    if (body.stream === true) writeSseReply(res, reply);
    else writeJsonReply(res, reply);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawBody = await readBody(req);
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const rec: RecordedRequest = {
      seq: requests.length + 1,
      at: Date.now(),
      method,
      url,
      path,
      headers: req.headers,
      kind: 'other',
      rawBody,
      body: asMessagesRequest(parseJson(rawBody)),
    };
    requests.push(rec);
    try {
      if (method === 'HEAD') {
        res.writeHead(200).end();
      } else if (method === 'POST' && path === '/v1/messages/count_tokens') {
        rec.kind = 'count_tokens';
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ input_tokens: Math.max(1, Math.ceil(rawBody.length / 4)) }));
      } else if (method === 'POST' && path === '/v1/messages') {
        rec.kind = 'side';
        answerMessages(rec, res);
      } else {
        writeError(res, 404, 'not_found_error', `model-server: no route for ${method} ${path}`);
      }
    } catch (err) {
      const text = `request #${rec.seq} ${method} ${url}: ${err instanceof Error ? err.message : String(err)}`;
      errors.push(text);
      if (!res.headersSent) writeError(res, 400, 'invalid_request_error', text);
      else res.end();
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      errors.push(String(err));
      if (!res.headersSent) writeError(res, 500, 'api_error', String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const loopRequests = (): RecordedRequest[] => requests.filter((r) => r.kind === 'loop');
  const answeredBy = (label: string): RecordedRequest => {
    const rec = requests.find((r) => r.label === label);
    if (!rec) {
      const seen = loopRequests().map((r) => r.label ?? '(exhausted)');
      throw new Error(`no request was answered by step "${label}"; answered: ${seen.join(', ')}`);
    }
    return rec;
  };
  const close = async (): Promise<void> => {
    if (!server.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    errors,
    loopRequests,
    unusedSteps: () =>
      typeof script === 'function' ? [] : script.flatMap((s, i) => (used.has(i) ? [] : [s.label ?? `#${i}`])),
    answeredBy,
    continuationOf: (label) => {
      const answered = answeredBy(label);
      const reply = answered.reply;
      const next = requests.find((r) => r.seq > answered.seq && r.kind === 'loop' && r.body && reply && continues(r.body, reply));
      if (!next?.body) throw new Error(`no request followed step "${label}"`);
      return next.body;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
