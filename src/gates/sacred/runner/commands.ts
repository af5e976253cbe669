/**
 * Which test runners a command line starts, and with which arguments: `npm test` → package.json
 * `scripts.test` → `cross-env CI=1 jest --testPathIgnorePatterns billing` → jest with those arguments.
 * A small tokenizer is enough here: scripts are short, and what bosun cannot follow simply yields no
 * invocation (the script's text is fingerprinted anyway). Pure.
 */

export type RunnerName = 'jest' | 'vitest' | 'mocha' | 'node' | 'pytest';

export interface Invocation {
  runner: RunnerName;
  /** Arguments after the runner's own name (for node: every argument). */
  args: string[];
  /** The label of the command line it came from (`package.json scripts.test`). */
  via: string;
}

/** Splits a command line into simple commands (words), at `&&`, `||`, `;`, `|`, `&`, newlines and parentheses. */
export function splitCommands(line: string): string[][] {
  const out: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length) out.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word += end === -1 ? line.slice(i + 1) : line.slice(i + 1, end);
      inWord = true;
      i = end === -1 ? line.length : end;
    } else if (c === '"') {
      inWord = true;
      for (i++; i < line.length && line[i] !== '"'; i++) {
        if (line[i] === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) i++;
        word += line[i];
      }
    } else if (c === '\\' && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') endWord();
    else if ('&|;\n()'.includes(c)) endCommand();
    else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return out;
}

const base = (w: string): string => w.slice(w.lastIndexOf('/') + 1);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
/** Wrappers that run the rest of the line (after their own options). */
const WRAPPERS = new Set(['npx', 'bunx', 'cross-env', 'env', 'time', 'nice', 'nyc', 'c8', 'dotenv', 'with-env', 'exec']);
const WRAPPER_VALUE_OPTS = new Set(['-e', '-p', '--package', '-c', '--reporter', '-r', '--temp-directory', '--report-dir', '-n']);

/** Peels env assignments and wrappers (`npx --no-install`, `cross-env A=1`, `c8 -r text`, `pnpm exec`). */
function peel(words: string[]): string[] {
  let w = words;
  for (let guard = 0; guard < 20 && w.length; guard++) {
    const head = w[0]!;
    if (ASSIGNMENT.test(head)) {
      w = w.slice(1);
      continue;
    }
    const b = base(head);
    if ((b === 'pnpm' || b === 'yarn') && (w[1] === 'exec' || w[1] === 'dlx')) {
      w = w.slice(2);
      continue;
    }
    if (!WRAPPERS.has(b)) return w;
    let i = 1;
    while (i < w.length) {
      const x = w[i]!;
      if (x === '--') {
        i++;
        break;
      }
      if (ASSIGNMENT.test(x)) i++;
      else if (x.startsWith('-')) i += WRAPPER_VALUE_OPTS.has(x) ? 2 : 1;
      else break;
    }
    w = w.slice(i);
  }
  return w;
}

const NPM_BUILTIN = new Set(['install', 'i', 'ci', 'add', 'audit', 'exec', 'x', 'dlx', 'pack', 'publish', 'link', 'remove', 'rm', 'uninstall', 'version', 'config', 'set', 'init', 'create']);

/** The npm script a command runs (`npm test`, `npm run x`, `yarn x`, `pnpm run x`), or null. */
function scriptName(w: string[]): string | null {
  const b = base(w[0] ?? '');
  if (!['npm', 'yarn', 'pnpm', 'bun'].includes(b)) return null;
  const rest = w.slice(1).filter((x) => !x.startsWith('-'));
  const [verb, name] = rest;
  if (verb === undefined) return null;
  if (verb === 'test' || verb === 't' || verb === 'tst') return b === 'bun' ? null : 'test';
  if (verb === 'run' || verb === 'run-script') return name ?? null;
  if (b === 'npm' || NPM_BUILTIN.has(verb)) return null;
  return verb;
}

/** One simple command as a runner invocation, or null. */
function invocation(words: string[], via: string): Invocation | null {
  const w = peel(words);
  const head = w[0];
  if (head === undefined) return null;
  const b = base(head);
  if (b === 'jest' || b === 'vitest' || b === 'mocha' || b === '_mocha') return { runner: b === '_mocha' ? 'mocha' : b, args: w.slice(1), via };
  if (b === 'pytest' || b === 'py.test') return { runner: 'pytest', args: w.slice(1), via };
  if (/^python[0-9.]*$/.test(b) && w[1] === '-m' && w[2] === 'pytest') return { runner: 'pytest', args: w.slice(3), via };
  if (b === 'node' || b === 'tsx') {
    const script = w.slice(1).find((x) => !x.startsWith('-'));
    if (script && /(^|\/)jest(\.js)?$|jest\/bin\/jest/.test(script)) return { runner: 'jest', args: w.slice(w.indexOf(script) + 1), via };
    if (script && /(^|\/)(_?mocha)(\.js)?$/.test(script)) return { runner: 'mocha', args: w.slice(w.indexOf(script) + 1), via };
    if (script && /(^|\/)vitest(\.m?js)?$/.test(script)) return { runner: 'vitest', args: w.slice(w.indexOf(script) + 1), via };
    if (w.slice(1).some((x) => x === '--test' || x.startsWith('--test='))) return { runner: 'node', args: w.slice(1), via };
  }
  return null;
}

export interface ScriptClosure {
  /** label → command line, for every script reached (`package.json scripts.test`, …). */
  scripts: Record<string, string>;
  invocations: Invocation[];
}

/**
 * Follows command lines through npm scripts: every script reached is fingerprinted, every runner started
 * is returned. `roots` are [label, command line] pairs.
 */
export function followScripts(roots: Array<[string, string]>, scripts: Record<string, string>): ScriptClosure {
  const out: ScriptClosure = { scripts: {}, invocations: [] };
  const visited = new Set<string>();
  const walk = (label: string, line: string, depth: number): void => {
    out.scripts[label] = line;
    if (depth > 8) return;
    for (const words of splitCommands(line)) {
      const inv = invocation(words, label);
      if (inv) {
        out.invocations.push(inv);
        continue;
      }
      const peeled = peel(words);
      const name = scriptName(peeled);
      if (name === null || visited.has(name)) continue;
      const body = scripts[name];
      if (body === undefined) {
        // `yarn jest`, `pnpm vitest run`: no script of that name, so the package manager runs the binary
        const bin = invocation(peeled.slice(1), label);
        if (bin) out.invocations.push(bin);
        continue;
      }
      visited.add(name);
      walk(`package.json scripts.${name}`, body, depth + 1);
      for (const hook of [`pre${name}`, `post${name}`]) {
        if (scripts[hook] !== undefined && !visited.has(hook)) {
          visited.add(hook);
          walk(`package.json scripts.${hook}`, scripts[hook], depth + 1);
        }
      }
    }
  };
  for (const [label, line] of roots) walk(label, line, 0);
  return out;
}

/** Options and positionals of a runner's argument list. `arrays` consume every following non-option word. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string[]>;
  flags: Set<string>;
}

export function parseRunnerArgs(args: string[], spec: { values: Set<string>; arrays?: Set<string>; aliases?: Record<string, string> }): ParsedArgs {
  const out: ParsedArgs = { positionals: [], options: new Map(), flags: new Set() };
  const add = (k: string, v: string): void => {
    out.options.set(k, [...(out.options.get(k) ?? []), v]);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      out.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      out.positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const rawName = eq === -1 ? a : a.slice(0, eq);
    const name = spec.aliases?.[rawName] ?? rawName;
    if (eq !== -1) {
      add(name, a.slice(eq + 1));
      continue;
    }
    if (spec.arrays?.has(name)) {
      while (i + 1 < args.length && !args[i + 1]!.startsWith('-')) add(name, args[++i]!);
      continue;
    }
    if (spec.values.has(name) && i + 1 < args.length) {
      add(name, args[++i]!);
      continue;
    }
    out.flags.add(name);
  }
  return out;
}
