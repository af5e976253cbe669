// Test builders for Claude Code 2.1.x transcript lines (the shape of transcript.jsonl beside this file).
export type Line = Record<string, unknown>;

export interface Builder {
  user(text: string, extra?: Line): Line[];
  say(text: string): Line[];
  /** A tool call as Claude Code writes it: a text line and a tool_use line sharing message.id, then the result. */
  tool(id: string, name: string, input: Line, result: string, opts?: { isError?: boolean; detail?: unknown }): Line[];
  bash(id: string, command: string, ok: boolean, output?: string): Line[];
  edit(id: string, file: string, a: string, b: string, original?: string): Line[];
  jsonl(...groups: Line[][]): string;
  /** Seconds since the epoch of the next line (the clock advances a second per line). */
  clock: { n: number };
}

export function transcriptBuilder(opts: { cwd: string; sessionId?: string; start?: number }): Builder {
  const clock = { n: 0 };
  const start = opts.start ?? Date.UTC(2026, 0, 1);
  const common = (): Line => ({ timestamp: new Date(start + clock.n++ * 1000).toISOString(), cwd: opts.cwd, ...(opts.sessionId ? { sessionId: opts.sessionId } : {}) });
  const b: Builder = {
    clock,
    user: (text, extra = {}) => [{ type: 'user', message: { role: 'user', content: text }, ...common(), ...extra }],
    say: (text) => {
      const id = `msg_t${clock.n}`;
      return [{ type: 'assistant', message: { id, role: 'assistant', content: [{ type: 'text', text }] }, ...common() }];
    },
    tool: (id, name, input, result, o = {}) => {
      const msg = `msg_${id}`;
      return [
        { type: 'assistant', message: { id: msg, role: 'assistant', content: [{ type: 'text', text: 'Working.' }] }, ...common() },
        { type: 'assistant', message: { id: msg, role: 'assistant', content: [{ type: 'tool_use', id, name, input }] }, ...common() },
        {
          type: 'user',
          message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: result, ...(o.isError ? { is_error: true } : {}) }] },
          ...common(),
          ...(o.detail === undefined ? {} : { toolUseResult: o.detail }),
        },
      ];
    },
    bash: (id, command, ok, output = '') => b.tool(id, 'Bash', { command }, ok ? output : `Exit code 1\n${output}`, { isError: !ok }),
    edit: (id, file, a, c, original) =>
      b.tool(id, 'Edit', { file_path: `${opts.cwd}/${file}`, old_string: a, new_string: c, replace_all: false }, `The file ${opts.cwd}/${file} has been updated successfully.`, original === undefined ? {} : { detail: { filePath: `${opts.cwd}/${file}`, originalFile: original } }),
    jsonl: (...groups) => groups.flat().map((l) => JSON.stringify(l)).join('\n') + '\n',
  };
  return b;
}
