import { posix } from 'node:path';
import { parseBash } from './parse.ts';
import { rootScope } from './scope.ts';
import { newSink, recordUnknown, type Frame, type Sink } from './sink.ts';
import type { ShellAnalysis, ShellContext } from './types.ts';
import { walkSeq } from './walk.ts';

/**
 * What a shell command line may do: every simple command reached (nested ones included), the
 * files it may write, git hazards, and the paths named by commands that are not read-only.
 * Pure apart from the tree-sitter parser. Fails closed: a parse error (or an internal error)
 * makes the line `unknown`, while whatever could still be read is reported too.
 */
export function analyzeShell(command: string, ctx: ShellContext): ShellAnalysis {
  const sink = newSink();
  const scope = rootScope(posix.resolve(ctx.cwd), ctx.home === null ? null : posix.resolve(ctx.home), ctx.repoRoot ? posix.resolve(ctx.repoRoot) : null);
  const frame: Frame = { sink, wrappers: [], depth: 0, loops: 0 };
  try {
    const parsed = parseBash(command);
    if (!parsed.ok) sink.parsed = false;
    walkSeq(parsed.root.children, scope, frame, 'tty');
  } catch (e) {
    sink.parsed = false;
    recordUnknown(frame, command, scope, `bosun failed to analyse this command (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!sink.parsed) {
    const cmd = recordUnknown(frame, command, scope, 'the shell parser reported a syntax error, so bosun cannot tell what this line does');
    cmd.argv = roughWords(command);
    sink.candidates.push({ command: cmd, words: cmd.argv.filter((w) => !w.startsWith('-')), code: [], cwds: [scope.cwds[0] ?? null] });
  }
  return finish(sink);
}

/** Words of a line the parser could not read: split at blanks and operators, quotes dropped. */
function roughWords(line: string): string[] {
  return line
    .split(/[\s;&|()<>`]+/)
    .map((w) => w.replace(/^\$?['"]|['"]$/g, '').replace(/['"]/g, ''))
    .filter((w) => w !== '');
}

/** String literals in inline code (`'…'`, `"…"`, `` `…` ``) that look like paths: a `/` or a file extension, no blanks. */
function quotedPaths(code: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i++) {
    const q = code[i] as string;
    if (q !== '"' && q !== "'" && q !== '`') continue;
    let j = i + 1;
    while (j < code.length && code[j] !== q) j += code[j] === '\\' ? 2 : 1;
    const text = code.slice(i + 1, j);
    if (/^[^\s'"`]+$/.test(text) && (text.includes('/') || /\.[A-Za-z0-9]{1,8}$/.test(text))) out.push(text);
    i = j;
  }
  return out;
}

function finish(sink: Sink): ShellAnalysis {
  const mentions = new Set<string>();
  const add = (word: string, cwds: ReadonlyArray<string | null>): void => {
    if (word === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(word)) return;
    if (word.startsWith('/')) return void mentions.add(posix.resolve(word));
    for (const c of cwds) if (c !== null) mentions.add(posix.resolve(c, word));
  };
  for (const c of sink.candidates) {
    if (c.command.effect === 'read-only') continue;
    for (const w of c.words) add(w, c.cwds);
    for (const code of c.code) for (const p of quotedPaths(code)) add(p, c.cwds);
  }
  for (const w of sink.writes) mentions.add(w.path);
  return {
    parsed: sink.parsed,
    commands: uniq(sink.commands, (c) => JSON.stringify(c)),
    writes: uniq(sink.writes, (w) => `${w.path}\0${w.recursive}\0${w.via}\0${w.command}`),
    hazards: uniq(sink.hazards, (h) => `${h.kind}\0${h.command}\0${h.detail}`),
    mentions: [...mentions].sort(),
  };
}

function uniq<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const i of items) if (!seen.has(key(i))) seen.set(key(i), i);
  return [...seen.values()];
}
