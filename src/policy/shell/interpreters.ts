import { opaque, peel, raise, unknown, writeArg, type Effects, type Handler, type Invocation } from './invocation.ts';
import { denoFmt } from './formatters.ts';
import { sliceArg } from './options.ts';
import type { Arg } from './words.ts';

/**
 * Shells and language interpreters. Code on the command line (`bash -c`) is parsed and followed
 * when it is shell; any other inline code (`python3 -c`, `node -e`, a heredoc fed to an
 * interpreter) is `unknown`; a script file is `opaque`.
 */

function stdinNote(inv: Invocation): string {
  return inv.stdin === 'heredoc' ? 'a heredoc' : inv.stdin === 'herestring' ? 'a here-string' : inv.stdin === 'pipe' ? 'a pipe' : 'standard input';
}

export function inline(fx: Effects, lang: string, code: Arg | undefined): void {
  unknown(fx, `inline ${lang} code`);
  if (code) fx.code.push(code.value);
}

const SHELL_OPT_WITH_VALUE = /^[-+][a-zA-Z]*[oO]$/;

function shell(name: string, parseable: boolean): Handler {
  return (inv, fx, rt) => {
    const args = inv.args;
    let i = 0;
    let hasC = false;
    let fromStdin = false;
    for (; i < args.length; i++) {
      const v = (args[i] as Arg).value;
      if (v === '--' || v === '-') {
        i++;
        fromStdin ||= v === '-';
        break;
      }
      if (v === '--rcfile' || v === '--init-file') i++;
      else if (v.startsWith('--')) continue;
      else if (/^[-+][a-zA-Z]+$/.test(v)) {
        if (v.startsWith('-') && v.includes('c')) hasC = true;
        if (v.startsWith('-') && v.includes('s')) fromStdin = true;
        if (SHELL_OPT_WITH_VALUE.test(v)) i++;
      } else break;
    }
    const operands = args.slice(i);
    if (hasC) {
      const code = operands[0];
      if (!code) return unknown(fx, `${name} -c without code`);
      if (!parseable) return inline(fx, `${name}`, code);
      if (code.dyn.length) return unknown(fx, `${name} -c runs code that depends on ${code.dyn.join(', ')}`);
      const positional = operands.slice(1).map((a) => (a.dyn.length ? null : a.value));
      const out = rt.shell(code, inv, { wrapper: `${name} -c`, here: false, positional: positional.length ? positional : [name] });
      if (out) fx.silent = true;
      else {
        unknown(fx, `bosun cannot parse the code given to ${name} -c`);
        fx.code.push(code.value);
      }
      return;
    }
    if (operands.length === 0 || fromStdin) return unknown(fx, `${name} runs shell code read from ${stdinNote(inv)}`);
    opaque(fx, `runs the shell script ${operands[0]?.display ?? ''}`);
  };
}

/**
 * Generic interpreter: `code` letters (`-c`, `-e`, also inside clusters like `-Bc`) and `codeLong`
 * options take inline code; `value`/`valueLong` take a value; `version` options alone print a
 * version; the first operand is a script file.
 */
interface Lang {
  lang: string;
  code: string;
  codeLong?: string[];
  value?: string;
  valueLong?: string[];
  version?: string[];
  /** `python -m black` → `black`: modules that are commands bosun knows. */
  modules?: Record<string, string>;
  /** Options whose value is code loaded before the program (`node --import X`): inline when X is a `data:` URL. */
  preload?: string;
  preloadLong?: string[];
}

/** A script "file" that is really code from the command line: stdin, a pipe, a process substitution. */
function streamScript(a: Arg): boolean {
  const v = a.value;
  return v === '/dev/stdin' || v.startsWith('/dev/fd/') || v.startsWith('/proc/self/fd/') || /^[<>]\(/.test(a.display) || a.dyn.some((d) => /^[<>]\(/.test(d));
}

/** Preloaded code that is inline: a `data:` URL, or a value bosun cannot know. */
function inlinePreload(a: Arg | undefined): boolean {
  return a !== undefined && (a.dyn.length > 0 || /^\s*data:/i.test(a.value));
}

function interpreter(l: Lang): Handler {
  return (inv, fx, rt) => {
    const args = inv.args;
    if (args.length > 0 && args.every((a) => (l.version ?? []).includes(a.value))) return;
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as Arg;
      const v = a.value;
      if (v === '-' || v === '--') break;
      if (v.startsWith('--')) {
        const eq = v.indexOf('=');
        const flag = eq > 0 ? v.slice(0, eq) : v;
        if ((l.codeLong ?? []).includes(flag)) return inline(fx, l.lang, eq > 0 ? sliceArg(a, eq + 1) : args[i + 1]);
        if ((l.preloadLong ?? []).includes(flag) && inlinePreload(eq > 0 ? sliceArg(a, eq + 1) : args[i + 1])) return inline(fx, l.lang, eq > 0 ? sliceArg(a, eq + 1) : args[i + 1]);
        if (eq < 0 && (l.valueLong ?? []).includes(flag)) i++;
        continue;
      }
      if (!v.startsWith('-')) {
        if (streamScript(a)) return unknown(fx, `${l.lang} code read from ${a.display}`);
        return opaque(fx, `runs the ${l.lang} program ${a.display}`);
      }
      for (let j = 1; j < v.length; j++) {
        const c = v[j] as string;
        const rest = j + 1 < v.length ? sliceArg(a, j + 1) : undefined;
        if (l.code.includes(c)) return inline(fx, l.lang, rest ?? args[i + 1]);
        if (c === 'm' && l.modules) {
          const modArg = rest ?? args[i + 1];
          const cmd = l.modules[modArg?.value ?? ''];
          const after = args.slice(rest ? i + 1 : i + 2);
          if (cmd && modArg) return peel(rt, fx, inv, [{ ...modArg, value: cmd, display: cmd }, ...after], `${inv.name} -m`);
          return opaque(fx, `runs the ${l.lang} module ${modArg?.display ?? ''}`);
        }
        if ((l.preload ?? '').includes(c) && inlinePreload(rest ?? args[i + 1])) return inline(fx, l.lang, rest ?? args[i + 1]);
        if ((l.value ?? '').includes(c)) {
          if (!rest) i++;
          break;
        }
      }
    }
    unknown(fx, `${l.lang} code read from ${stdinNote(inv)}`);
  };
}

const PERL_DANGER = /\b(system|exec|qx|open|sysopen|unlink|rename|mkdir|rmdir|chmod|chown|symlink|link|truncate|require|do|eval|fork|syscall|utime|kill|pipe)\b|`|\buse\s+(?!strict\b|warnings\b|utf8\b)/;

const perl: Handler = (inv, fx) => {
  const code: Arg[] = [];
  const files: Arg[] = [];
  let inPlace = false;
  let version = false;
  const args = inv.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Arg;
    const v = a.value;
    if (v === '--') {
      files.push(...args.slice(i + 1));
      break;
    }
    if (!v.startsWith('-') || v === '-') {
      files.push(a);
      continue;
    }
    for (let j = 1; j < v.length; j++) {
      const c = v[j] as string;
      if (c === 'i') {
        inPlace = true;
        break;
      }
      if (c === 'e' || c === 'E') {
        const rest = v.slice(j + 1);
        const next = rest ? sliceArg(a, j + 1) : args[++i];
        if (next) code.push(next);
        break;
      }
      if (c === 'v' || c === 'V') version = true;
      if ('MmIFxl0CDd'.includes(c)) {
        if (j === v.length - 1 && (c === 'I' || c === 'M' || c === 'm')) i++;
        break;
      }
    }
  }
  if (version && code.length === 0 && files.length === 0) return;
  if (code.length === 0) {
    const script = files.shift();
    if (!script) return unknown(fx, `Perl code read from ${stdinNote(inv)}`);
    opaque(fx, `runs the Perl program ${script.display}`);
  }
  fx.code.push(...code.map((c) => c.value));
  if (!inPlace) return code.length ? unknown(fx, 'inline Perl code') : undefined;
  if (code.some((c) => c.dyn.length || PERL_DANGER.test(c.value))) unknown(fx, 'inline Perl code that may do more than edit its files');
  raise(fx, 'writes');
  for (const f of files) writeArg(inv, fx, f, 'perl -i');
};

const PY: Lang = {
  lang: 'Python',
  code: 'c',
  value: 'WX',
  valueLong: ['--check-hash-based-pycs'],
  version: ['-V', '--version', '-VV'],
  modules: { black: 'black', ruff: 'ruff', isort: 'isort' },
};

const NODE: Lang = {
  lang: 'JavaScript',
  code: 'ep',
  codeLong: ['--eval', '--print'],
  value: 'rC',
  valueLong: ['--require', '--import', '--loader', '--experimental-loader', '--conditions', '--env-file', '--title', '--input-type'],
  preload: 'r',
  preloadLong: ['--require', '--import', '--loader', '--experimental-loader'],
  version: ['-v', '--version', '-h', '--help'],
};

const deno: Handler = (inv, fx, rt) => {
  const sub = inv.args[0]?.value;
  if (sub === 'eval') return inline(fx, 'JavaScript', inv.args.find((a, i) => i > 0 && !a.value.startsWith('-')));
  if (sub === '--version' || sub === '-V' || sub === 'help') return;
  if (sub === 'fmt') return denoFmt(inv, fx, rt);
  opaque(fx, `runs deno ${sub ?? ''}`.trim());
};

export const interpreterHandlers: Record<string, Handler> = {
  bash: shell('bash', true),
  sh: shell('sh', true),
  dash: shell('dash', true),
  ash: shell('ash', true),
  ksh: shell('ksh', true),
  mksh: shell('mksh', true),
  zsh: shell('zsh', true),
  fish: shell('fish', false),
  pwsh: shell('pwsh', false),
  perl,
  deno,
  python: interpreter(PY),
  python2: interpreter(PY),
  python3: interpreter(PY),
  pypy: interpreter(PY),
  pypy3: interpreter(PY),
  node: interpreter(NODE),
  nodejs: interpreter(NODE),
  ruby: interpreter({ lang: 'Ruby', code: 'e', value: 'rIC', version: ['-v', '--version'] }),
  php: interpreter({ lang: 'PHP', code: 'rBRE', value: 'cdzf', version: ['-v', '--version', '-m', '-i'] }),
  osascript: interpreter({ lang: 'AppleScript', code: 'e', value: 'l' }),
  lua: interpreter({ lang: 'Lua', code: 'e', value: 'l', version: ['-v'] }),
  Rscript: interpreter({ lang: 'R', code: 'e', version: ['--version'] }),
  tclsh: interpreter({ lang: 'Tcl', code: '' }),
  expect: interpreter({ lang: 'Expect', code: 'c', value: 'f' }),
};

/** `python3.12` and the like share the handler of their family. */
export function interpreterFor(name: string): Handler | undefined {
  const m = /^(python|pypy)\d+(\.\d+)*$/.exec(name);
  return m ? interpreterHandlers.python : undefined;
}
