import { inline } from './interpreters.ts';
import { invocationFor, opaque, raise, unknown, writeText, type Effects, type Handler, type Invocation, type Runtime } from './invocation.ts';
import { parseOpts } from './options.ts';
import type { Arg } from './words.ts';

/**
 * Package managers. Installing writes the manifest, the lock file and node_modules/ (judgement:
 * `writes`, though install scripts of dependencies also run). Scripts (`npm test`, `npm run x`)
 * are `opaque`. Package runners (`npx`, `pnpm dlx`, `bunx` …) run the named tool as a wrapper.
 */

const NPM_INSTALL = new Set(['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'isntall', 'add', 'ci', 'clean-install', 'ic', 'install-clean', 'isntall-clean', 'uninstall', 'un', 'unlink', 'remove', 'rm', 'r', 'update', 'up', 'upgrade', 'udpate', 'dedupe', 'ddp', 'prune', 'install-test', 'it', 'install-ci-test', 'cit']);
const NPM_READ = new Set(['audit', 'ls', 'list', 'la', 'll', 'view', 'v', 'info', 'show', 'outdated', 'help', 'help-search', 'explain', 'why', 'search', 's', 'se', 'find', 'ping', 'whoami', 'prefix', 'root', 'bin', 'fund', 'query', 'completion', '--version', '-v', 'doctor']);

const NPM_VALUE_OPTS = ['prefix', 'workspace', 'w', 'loglevel', 'registry', 'userconfig', 'globalconfig', 'cache', 'location', 'tag', 'otp', 'scope', 'include', 'omit'];

/** Global options may come before the subcommand (`npm --prefix app install`). */
function npmWords(args: readonly Arg[]): { sub: string; rest: Arg[]; global: boolean; prefix?: Arg } {
  let i = 0;
  let global = false;
  let prefix: Arg | undefined;
  for (; i < args.length; i++) {
    const v = (args[i] as Arg).value;
    if (!v.startsWith('-')) break;
    if (v === '-g' || v === '--global' || v === '--location=global') global = true;
    if (v === '--prefix' || v === '-C') prefix = args[i + 1];
    else if (v.startsWith('--prefix=')) prefix = { ...(args[i] as Arg), value: v.slice(9) };
    if (NPM_VALUE_OPTS.includes(v.replace(/^-+/, ''))) i++;
  }
  const rest = args.slice(i + 1);
  if (rest.some((a) => a.value === '-g' || a.value === '--global' || a.value === '--location=global')) global = true;
  const p = rest.find((a) => a.value.startsWith('--prefix='));
  if (p) prefix = { ...p, value: p.value.slice(9) };
  return { sub: args[i]?.value ?? '', rest, global, ...(prefix ? { prefix } : {}) };
}

function manifest(inv: Invocation, fx: Effects, files: string[], via: string, prefix?: Arg): void {
  raise(fx, 'writes');
  const base = prefix ? `${prefix.value}/` : '';
  if (prefix?.dyn.length) return unknown(fx, `${via} writes under a directory bosun cannot know`);
  for (const f of files) writeText(inv, fx, base + f, via, f.endsWith('/'));
}

/** `npx prettier@3 --write .` → `prettier --write .` */
function runner(name: string): Handler {
  return (inv, fx, rt) => {
    const p = parseOpts(inv.args, { short: 'pcw', long: ['package', 'call', 'registry', 'workspace', 'cache'], stopAtOperand: true });
    const code = p.opts.find((o) => o.name === 'c' || o.name === 'call')?.value;
    if (code) {
      if (!rt.shell(code, inv, { wrapper: `${name} -c`, here: false })) unknown(fx, `${name} -c runs code bosun cannot follow`);
      fx.silent = true;
      return;
    }
    runTool(inv, fx, rt, p.rest, name);
  };
}

/**
 * A package runner is recorded as itself (`npx tsc --noEmit`, so run patterns like `npx *` apply);
 * the tool it runs is analysed for what it writes. A tool that would be read-only is `opaque`:
 * it is the package's binary, not the system's.
 */
function runTool(inv: Invocation, fx: Effects, rt: Runtime, argv: readonly Arg[], wrapper: string): void {
  const first = argv[0];
  if (!first) return;
  const bin = first.value.replace(/^(@[^/]+\/)?([^@]+)(@.*)?$/, '$2');
  const tool = invocationFor([{ ...first, value: bin, display: bin }, ...argv.slice(1)], { ...inv, wrappers: [...inv.wrappers, wrapper], inShell: false, noFunctions: true, depth: inv.depth + 1 });
  const inner = rt.effectsOf(tool);
  raise(fx, inner.effect === 'read-only' ? 'opaque' : inner.effect, inner.effect === 'read-only' ? `runs ${bin} from an npm package` : undefined);
  fx.notes.push(...inner.notes.filter((n) => !fx.notes.includes(n)));
  fx.writes.push(...inner.writes);
  fx.hazards.push(...inner.hazards);
  fx.code.push(...inner.code);
}

const npm: Handler = (inv, fx, rt) => {
  const { sub, rest, global, prefix } = npmWords(inv.args);
  if (sub === '' || NPM_READ.has(sub)) {
    if (sub === 'audit' && rest.some((a) => a.value === 'fix')) return manifest(inv, fx, ['package.json', 'package-lock.json', 'node_modules/'], 'npm audit fix', prefix);
    return;
  }
  if (sub === 'exec' || sub === 'x') return runner('npm exec')({ ...inv, args: rest }, fx, rt);
  if (NPM_INSTALL.has(sub)) {
    if (global) return unknown(fx, `npm ${sub} -g writes to the global package directory`);
    return manifest(inv, fx, ['package.json', 'package-lock.json', 'node_modules/'], `npm ${sub}`, prefix);
  }
  if (sub === 'pkg') {
    if (rest[0]?.value === 'get') return;
    return manifest(inv, fx, ['package.json'], 'npm pkg', prefix);
  }
  if (sub === 'version' && rest.some((a) => !a.value.startsWith('-'))) return manifest(inv, fx, ['package.json', 'package-lock.json'], 'npm version', prefix);
  if (sub === 'version') return;
  if ((sub === 'init' || sub === 'create' || sub === 'innit') && rest.every((a) => a.value.startsWith('-'))) return manifest(inv, fx, ['package.json'], 'npm init', prefix);
  if (sub === 'config' || sub === 'c') {
    const action = rest[0]?.value ?? '';
    if (['get', 'list', 'ls', ''].includes(action)) return;
    if (inv.scope.home === null) return unknown(fx, 'npm config writes a home directory bosun cannot know');
    return manifest(inv, fx, [`${inv.scope.home}/.npmrc`], 'npm config');
  }
  opaque(fx, sub === 'run' || sub === 'run-script' ? `runs the package script ${rest[0]?.display ?? ''}`.trim() : `runs npm ${sub}`);
};

/** pnpm, yarn, bun: installs write the manifest, their lock file and node_modules/. */
function manager(name: string, lock: string[], install: string[], read: string[], exec: string[]): Handler {
  return (inv, fx, rt) => {
    const words = inv.args.filter((a) => !a.value.startsWith('-'));
    const sub = words[0]?.value ?? (name === 'yarn' ? 'install' : '');
    if (name === 'bun' && inv.args.some((a) => a.value === '-e' || a.value === '--eval')) return inline(fx, 'JavaScript', inv.args[inv.args.findIndex((a) => a.value === '-e' || a.value === '--eval') + 1]);
    if (inv.args.length === 1 && /^(-v|--version)$/.test(inv.args[0]?.value ?? '')) return;
    if (read.includes(sub)) return;
    if (install.includes(sub)) {
      if (inv.args.some((a) => a.value === '-g' || a.value === '--global')) return unknown(fx, `${name} ${sub} -g writes to the global package directory`);
      return manifest(inv, fx, ['package.json', ...lock, 'node_modules/'], `${name} ${sub}`);
    }
    if (exec.includes(sub)) {
      const i = inv.args.findIndex((a) => a.value === sub);
      return runTool(inv, fx, rt, inv.args.slice(i + 1), `${name} ${sub}`);
    }
    opaque(fx, `runs ${name} ${sub}`.trim());
  };
}

export const packageHandlers: Record<string, Handler> = {
  npm,
  npx: runner('npx'),
  pnpx: runner('pnpx'),
  bunx: runner('bunx'),
  pnpm: manager('pnpm', ['pnpm-lock.yaml'], ['add', 'install', 'i', 'remove', 'rm', 'uninstall', 'un', 'update', 'up', 'upgrade', 'prune', 'dedupe'], ['list', 'ls', 'll', 'why', 'outdated', 'audit', 'licenses', 'root', 'bin', 'config'], ['exec', 'dlx']),
  yarn: manager('yarn', ['yarn.lock', '.pnp.cjs', '.yarn/'], ['add', 'install', 'remove', 'upgrade', 'up', 'dedupe'], ['list', 'why', 'info', 'audit', 'outdated', 'licenses', 'config', 'bin'], ['dlx', 'exec']),
  bun: manager('bun', ['bun.lockb', 'bun.lock'], ['install', 'i', 'add', 'a', 'remove', 'rm', 'update', 'link', 'unlink'], ['pm', 'outdated'], ['x']),
};
