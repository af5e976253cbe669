// Writes an assistant message as the Messages API does: one JSON body, or Server-Sent Events
// (message_start, per block content_block_start/delta/stop, message_delta, message_stop).
import type { ServerResponse } from 'node:http';

export type ReplyBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface Reply {
  id: string;
  model: string;
  content: ReplyBlock[];
}

function stopReason(reply: Reply): 'tool_use' | 'end_turn' {
  return reply.content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
}

function usage(outputTokens: number): Record<string, number> {
  return { input_tokens: 10, output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
}

function message(reply: Reply, content: ReplyBlock[], stop: string | null, outputTokens: number): Record<string, unknown> {
  return {
    id: reply.id,
    type: 'message',
    role: 'assistant',
    model: reply.model,
    content,
    stop_reason: stop,
    stop_sequence: null,
    usage: usage(outputTokens),
  };
}

export function writeJsonReply(res: ServerResponse, reply: Reply): void {
  res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${reply.id}` });
  res.end(JSON.stringify(message(reply, reply.content, stopReason(reply), 5)));
}

export function writeSseReply(res: ServerResponse, reply: Reply): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'request-id': `req_${reply.id}`,
  });
  const send = (type: string, data: Record<string, unknown>): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  };
  send('message_start', { message: message(reply, [], null, 1) });
  reply.content.forEach((block, index) => {
    if (block.type === 'text') {
      send('content_block_start', { index, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index, delta: { type: 'text_delta', text: block.text } });
    } else {
      send('content_block_start', { index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      send('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } });
    }
    send('content_block_stop', { index });
  });
  send('message_delta', { delta: { stop_reason: stopReason(reply), stop_sequence: null }, usage: { output_tokens: 5 } });
  send('message_stop', {});
  res.end();
}

export function writeError(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ type: 'error', error: { type, message: text } }));
}
