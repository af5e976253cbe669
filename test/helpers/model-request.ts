// The shape of a Messages API request as Claude Code sends it, and helpers that read it the way a
// test wants to: "what did the model see?". The bodies are parsed JSON, checked only loosely.

export interface ContentBlock {
  type: string;
  text?: string;
  /** tool_result: a string or nested text blocks. */
  content?: string | ContentBlock[];
  id?: string;
  name?: string;
  input?: unknown;
  tool_use_id?: string;
  is_error?: boolean;
}

/** Claude Code also sends `role: "system"` messages mid-conversation (hook additional context). */
export interface Message {
  role: 'user' | 'assistant' | 'system';
  content: string | ContentBlock[];
}

export interface ToolDefinition {
  name: string;
  [key: string]: unknown;
}

export interface MessagesRequest {
  model: string;
  messages: Message[];
  system?: string | ContentBlock[];
  tools?: ToolDefinition[];
  stream?: boolean;
  [key: string]: unknown;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Narrows a parsed JSON body to a MessagesRequest (model + messages array), or returns undefined. */
export function asMessagesRequest(body: unknown): MessagesRequest | undefined {
  if (!isRecord(body) || typeof body.model !== 'string' || !Array.isArray(body.messages)) return undefined;
  return body as MessagesRequest;
}

/**
 * Main-loop and subagent requests carry a non-empty `tools` array; side requests (session title,
 * summaries) carry none or an empty one.
 */
export function isLoopRequest(req: MessagesRequest): boolean {
  return Array.isArray(req.tools) && req.tools.length > 0;
}

export function toolNames(req: MessagesRequest): string[] {
  return (req.tools ?? []).map((t) => t.name);
}

/** Flattens message content to text: text blocks, tool_result contents (recursively); tool_use blocks as `name(input)`. */
export function contentText(content: string | ContentBlock[] | undefined): string {
  if (content === undefined) return '';
  if (typeof content === 'string') return content;
  const parts: string[] = [];
  for (const block of content) {
    if (typeof block.text === 'string') parts.push(block.text);
    else if (block.type === 'tool_result') parts.push(contentText(block.content));
    else if (block.type === 'tool_use') parts.push(`${block.name ?? '?'}(${JSON.stringify(block.input)})`);
  }
  return parts.join('\n');
}

/** Every message after the last assistant one: tool results, Stop hook feedback, hook context. */
export function messagesSinceAssistant(req: MessagesRequest): Message[] {
  let last = -1;
  req.messages.forEach((m, i) => {
    if (m.role === 'assistant') last = i;
  });
  return req.messages.slice(last + 1);
}

/** What the model was just told, as text (the tail of the conversation after its own last turn). */
export function lastUserContent(req: MessagesRequest): string {
  return messagesSinceAssistant(req)
    .map((m) => contentText(m.content))
    .join('\n');
}

/** The tool_result blocks the model just received. */
export function lastToolResults(req: MessagesRequest): ContentBlock[] {
  return messagesSinceAssistant(req).flatMap((m) =>
    typeof m.content === 'string' ? [] : m.content.filter((b) => b.type === 'tool_result'),
  );
}

/**
 * The conversation's opening user text without `<system-reminder>` blocks: the `-p` prompt for the
 * main loop, the Agent call's `prompt` for a subagent. Tells concurrent conversations apart
 * (parallel Agent calls run their subagents concurrently; their requests interleave).
 */
export function firstUserText(req: MessagesRequest): string {
  const first = req.messages.find((m) => m.role === 'user');
  return first ? contentText(first.content).replace(/<system-reminder>[\s\S]*?<\/system-reminder>/g, '').trim() : '';
}

/** Every message of the request as text (system prompt excluded). */
export function conversationText(req: MessagesRequest): string {
  return req.messages.map((m) => contentText(m.content)).join('\n');
}
