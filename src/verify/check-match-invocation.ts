/**
 * A simple command reduced to what it runs: wrappers (`timeout`, `env`, `npx`, `python -m` …)
 * peeled off and package-manager spellings folded (`npm t` → `npm run test`), so that two
 * spellings of one check compare equal.
 */
export interface Invocation {
  /** What runs, in one canonical spelling: `npm run test`, `tsc`, `pytest`, `go test`, `make test`. */
  base: string;
  /** The remaining arguments, in order, `--` separators removed. */
  args: string[];
  /** A directory the command itself switches to (`npm --prefix x`, `make -C x`, `env -C x`). */
  dir: string | null;
}

const ASSIGN = /^[A-Za-z_]\w*=/;

/** Wrapper → its options that take a value; the first operand after the options starts the command. */
const WRAPPERS: Record<string, { valued: string[]; operands: number }> = {
  timeout: { valued: ['-s', '--signal', '-k', '--kill-after'], operands: 1 },
  nice: { valued: ['-n', '--adjustment'], operands: 0 },
  nohup: { valued: [], operands: 0 },
  time: { valued: ['-f', '--format', '-o', '--output'], operands: 0 },
  command: { valued: [], operands: 0 },
  exec: { valued: ['-a'], operands: 0 },
  stdbuf: { valued: ['-i', '-o', '-e', '--input', '--output', '--error'], operands: 0 },
  ionice: { valued: ['-c', '-n', '--class', '--classdata'], operands: 0 },
  unbuffer: { valued: [], operands: 0 },
  'xvfb-run': { valued: ['-s', '--server-args', '-n', '--server-num', '-e', '--error-file'], operands: 0 },
  'cross-env': { valued: [], operands: 0 },
  npx: { valued: ['-p', '--package', '-c', '--call'], operands: 0 },
  bunx: { valued: [], operands: 0 },
};

/** Package-manager-like runners of a binary: `pnpm exec tsc`, `uv run pytest`. */
const RUNNERS = new Set(['npm exec', 'npm x', 'pnpm exec', 'pnpm dlx', 'yarn exec', 'yarn dlx', 'bun x', 'uv run', 'poetry run', 'pipenv run', 'pdm run', 'rye run']);
const RUNNER_VALUED = ['-p', '--package', '--with', '--python', '--project', '--directory', '-c', '--call'];

/** Programs whose first operand says what they do (`go test`, `cargo clippy`, `make lint`). */
const SUBCOMMANDS = new Set(['go', 'cargo', 'make', 'just', 'deno', 'dotnet', 'gradle', './gradlew', 'gradlew', 'mvn', './mvnw', 'mvnw', 'rake', 'ruff', 'biome', 'turbo', 'nx']);
const MANAGERS = new Set(['npm', 'pnpm', 'yarn', 'bun']);
const NPM_RUN = new Set(['run', 'run-script', 'rum', 'urn']);
const TEST_ALIASES = new Set(['test', 't', 'tst']);
/** Options of the managers (before the script name) that move them into another directory. */
const DIR_OPTS = new Set(['--prefix', '-C', '--dir', '--cwd']);
/** Options of the managers that take a value. */
const MANAGER_VALUED = new Set(['--prefix', '-C', '--dir', '--cwd', '-w', '--workspace', '--filter', '-F', '--loglevel']);

/** `./node_modules/.bin/tsc`, `/usr/bin/python3`, `.venv/bin/pytest` → the program's name. */
function programName(word: string): string {
  const base = word.slice(word.lastIndexOf('/') + 1);
  if (!word.includes('/')) return word;
  const binDir = /(?:^|\/)(?:node_modules\/\.bin|\.?venv\/bin|bin|sbin)\/[^/]+$/.test(word) || word.startsWith('$(npm bin)/');
  return binDir ? base : word;
}

/** Skips options (and their values) of a wrapper; returns the index of the first operand. */
function skipOptions(words: string[], from: number, valued: string[]): number {
  let i = from;
  while (i < words.length) {
    const w = words[i] as string;
    if (w === '--') return i + 1;
    if (!w.startsWith('-') || w === '-') return i;
    i += valued.includes(w) ? 2 : 1;
  }
  return i;
}

/** `env [-i] [-u X] [-C dir] [VAR=v]… cmd`: the command, and the directory `-C` switches to. */
function peelEnv(words: string[]): { rest: string[]; dir: string | null } {
  let dir: string | null = null;
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-C' || w === '--chdir') dir = words[++i] ?? null;
    else if (w.startsWith('--chdir=')) dir = w.slice(8);
    else if (w === '-u' || w === '--unset') i++;
    else if (!w.startsWith('-') && !ASSIGN.test(w)) break;
  }
  return { rest: words.slice(i), dir };
}

/** Peels assignments and wrappers off the front of a command. */
function peel(input: string[]): { words: string[]; dir: string | null } {
  let words = input;
  let dir: string | null = null;
  for (let guard = 0; guard < 20 && words.length; guard++) {
    const first = programName(words[0] as string);
    const two = `${first} ${words[1] ?? ''}`;
    if (ASSIGN.test(words[0] as string)) words = words.slice(1);
    else if (first === 'env') {
      const e = peelEnv(words);
      words = e.rest;
      dir = e.dir ?? dir;
    } else if (WRAPPERS[first]) {
      const w = WRAPPERS[first];
      const at = skipOptions(words, 1, w.valued) + w.operands;
      words = words.slice(at);
    } else if (RUNNERS.has(two)) words = words.slice(skipOptions(words, 2, RUNNER_VALUED));
    else break;
  }
  return { words, dir };
}

/** `npm|pnpm|yarn|bun …` → `<manager> run <script>` with manager options kept as arguments. */
function manager(name: string, words: string[]): Invocation | null {
  const opts: string[] = [];
  let dir: string | null = null;
  let i = 1;
  for (; i < words.length && (words[i] as string).startsWith('-'); i++) {
    const w = words[i] as string;
    const [flag, inline] = w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, null];
    const value = inline ?? (MANAGER_VALUED.has(flag) ? (words[++i] ?? '') : null);
    if (DIR_OPTS.has(flag) && value !== null) dir = value;
    else opts.push(value === null ? w : `${flag}=${value}`);
  }
  const sub = words[i];
  if (sub === undefined) return null;
  let script: string | undefined;
  if (name === 'bun') {
    if (sub !== 'run') return { base: `bun ${sub}`, args: [...opts, ...words.slice(i + 1)], dir };
    script = words[++i];
  } else if (TEST_ALIASES.has(sub) && name !== 'yarn') script = 'test';
  else if (NPM_RUN.has(sub) || (name !== 'npm' && sub === 'run')) script = words[++i];
  else if (name === 'yarn') script = sub;
  else if (sub === 'start' || sub === 'stop' || sub === 'restart') script = sub;
  if (script === undefined) return { base: `${name} ${sub}`, args: [...opts, ...words.slice(i + 1)], dir };
  return { base: `${name} run ${script}`, args: [...opts, ...words.slice(i + 1)], dir };
}

/** `python3 -X dev -m pytest -q` → pytest with `-q`; `python script.py` → `python script.py`. */
function python(words: string[]): Invocation {
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-m') {
      const mod = words[i + 1] ?? '';
      return { base: mod === 'py.test' ? 'pytest' : mod, args: words.slice(i + 2), dir: null };
    }
    if (!w.startsWith('-')) break;
    if (w === '-X' || w === '-W') i++;
  }
  return { base: `python ${words[i] ?? ''}`.trim(), args: words.slice(i + 1), dir: null };
}

/** `node [opts] --test [files]` → `node --test`; `node [opts] script.js` → `node script.js`. */
function node(words: string[]): Invocation {
  const args = words.slice(1);
  if (args.includes('--test')) return { base: 'node --test', args: args.filter((a) => a !== '--test'), dir: null };
  const valued = new Set(['--import', '-r', '--require', '--loader', '--experimental-loader', '--env-file', '-C', '--conditions']);
  let i = 0;
  while (i < args.length && (args[i] as string).startsWith('-')) i += valued.has(args[i] as string) ? 2 : 1;
  return { base: `node ${args[i] ?? ''}`.trim(), args: [...args.slice(0, i), ...args.slice(i + 1)], dir: null };
}

/** `make -C dir -j4 test` → `make test` with `-j4`, in `dir`. Other subcommand programs likewise. */
function subcommand(name: string, words: string[]): Invocation {
  const before: string[] = [];
  let dir: string | null = null;
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i] as string;
    if (w === '-C' && (name === 'make' || name === 'go')) dir = words[++i] ?? null;
    else if (w.startsWith('+') && name === 'cargo') continue;
    else if (w.startsWith('-') || (name === 'make' && ASSIGN.test(w))) before.push(w);
    else break;
  }
  const sub = words[i];
  return { base: sub === undefined ? name : `${name} ${sub}`, args: [...before, ...words.slice(i + 1)], dir };
}

/** What a simple command runs, or null for an empty command. */
export function invocation(input: string[]): Invocation | null {
  const peeled = peel(input);
  const words = peeled.words;
  if (words.length === 0) return null;
  // `npx tsc@5.4` runs tsc.
  const name = programName(words[0] as string).replace(/^(@?[^@]+)@[^/]*$/, '$1');
  let inv: Invocation | null;
  if (/^python(?:\d+(?:\.\d+)?)?$|^py$/.test(name)) inv = python(words);
  else if (name === 'py.test') inv = { base: 'pytest', args: words.slice(1), dir: null };
  else if (name === 'node') inv = node(words);
  else if (MANAGERS.has(name)) inv = manager(name, words);
  else if (SUBCOMMANDS.has(name)) inv = subcommand(name, words);
  else inv = { base: name, args: words.slice(1), dir: null };
  if (inv === null) return null;
  return { ...inv, args: inv.args.filter((a) => a !== '--'), dir: inv.dir ?? peeled.dir };
}
