import { opaque, raise, writeArg, writeCwd, type Effects, type Handler, type Invocation } from './invocation.ts';
import { hasOpt, optValues, parseOpts, type OptSpec } from './options.ts';
import type { Arg } from './words.ts';

/**
 * Formatters and fixers: in write mode they rewrite the paths they are given (each may be a
 * directory, so recursively), or everything under the cwd when none is given. Check modes are
 * read-only, except where the tool's configuration is code (prettier, eslint): then `opaque`.
 */

function targets(inv: Invocation, fx: Effects, via: string, paths: readonly Arg[]): void {
  raise(fx, 'writes');
  if (paths.length === 0) return writeCwd(inv, fx, via);
  // formatters expand glob patterns themselves, quoted or not
  for (const p of paths) writeArg(inv, fx, { ...p, glob: p.glob || /[*?[]/.test(p.value) }, via, true);
}

interface Tool {
  spec: OptSpec;
  /** Options that make it write (any one), or null when it writes unless `check` says otherwise. */
  write: string[] | null;
  check?: string[];
  /** Options naming a file it writes whatever the mode (`eslint -o report.txt`). */
  outputs?: string[];
  /** Runs configuration code when not writing. */
  configIsCode?: boolean;
  /** Leading operands that are subcommands (`ruff format`, `biome check`). */
  skip?: number;
}

function formatter(name: string, t: Tool): Handler {
  return (inv, fx) => {
    const p = parseOpts(inv.args, t.spec);
    for (const o of optValues(p, ...(t.outputs ?? []))) writeArg(inv, fx, o, `${name} output`);
    const writes = t.write === null ? !hasOpt(p, ...(t.check ?? [])) : hasOpt(p, ...t.write);
    const paths = p.operands.slice(t.skip ?? 0);
    if (writes) return targets(inv, fx, name, paths);
    if (t.configIsCode) opaque(fx, `${name} loads configuration that is code`);
  };
}

const PRETTIER: OptSpec = {
  long: ['config', 'ignore-path', 'plugin', 'parser', 'log-level', 'cache-location', 'cache-strategy', 'stdin-filepath', 'config-precedence', 'end-of-line', 'trailing-comma', 'arrow-parens', 'print-width', 'tab-width', 'quote-props', 'prose-wrap', 'html-whitespace-sensitivity', 'embedded-language-formatting', 'experimental-operator-position', 'object-wrap', 'plugin-search-dir', 'cursor-offset', 'range-start', 'range-end'],
};

const ESLINT: OptSpec = {
  short: 'cfo',
  long: ['config', 'ext', 'env', 'global', 'parser', 'parser-options', 'resolve-plugins-relative-to', 'rulesdir', 'plugin', 'rule', 'ignore-path', 'ignore-pattern', 'format', 'output-file', 'max-warnings', 'cache-location', 'cache-strategy', 'stdin-filename', 'report-unused-disable-directives-severity', 'flag', 'fix-type'],
};

const RUFF: OptSpec = {
  short: 'o',
  long: ['config', 'target-version', 'line-length', 'select', 'ignore', 'extend-select', 'exclude', 'extend-exclude', 'output-format', 'output-file', 'stdin-filename', 'cache-dir', 'per-file-ignores', 'fixable', 'unfixable', 'range'],
};

const ruff: Handler = (inv, fx, rt) => {
  const sub = inv.args[0]?.value;
  if (sub === 'format') return formatter('ruff format', { spec: RUFF, write: null, check: ['check', 'diff'], outputs: ['o', 'output-file'], skip: 1 })(inv, fx, rt);
  if (sub === 'check' || sub?.startsWith('-') || sub === undefined) {
    return formatter('ruff --fix', { spec: RUFF, write: ['fix', 'unsafe-fixes', 'fix-only'], outputs: ['o', 'output-file'], skip: sub === 'check' ? 1 : 0 })(inv, fx, rt);
  }
  if (sub === 'clean') return writeCwd(inv, fx, 'ruff clean');
  if (sub === 'version' || sub === 'rule' || sub === 'config' || sub === 'linter') return;
  opaque(fx, `runs ruff ${sub}`);
};

const biome: Handler = (inv, fx, rt) => {
  const sub = inv.args[0]?.value ?? '';
  if (['format', 'check', 'lint', 'ci', 'migrate'].includes(sub)) {
    return formatter(`biome ${sub}`, { spec: { long: ['config-path', 'max-diagnostics', 'reporter', 'stdin-file-path', 'vcs-root', 'diagnostic-level', 'log-level', 'log-kind'] }, write: ['write', 'apply', 'apply-unsafe', 'fix', 'unsafe'], skip: 1 })(inv, fx, rt);
  }
  if (sub === 'version' || sub === '--version') return;
  opaque(fx, `runs biome ${sub}`);
};

const dprint: Handler = (inv, fx) => {
  const sub = inv.args[0]?.value ?? '';
  if (sub === 'fmt') return targets(inv, fx, 'dprint fmt', parseOpts(inv.args.slice(1), { long: ['config', 'excludes', 'includes', 'log-level', 'stdin'] }).operands);
  if (sub === 'check' || sub === 'output-file-paths' || sub === 'output-resolved-config' || sub === '--version') return;
  opaque(fx, `runs dprint ${sub}`);
};

/** `cargo fmt` and `go fmt` rewrite the packages under the cwd; the rest of cargo and go build and run code. */
const cargo: Handler = (inv, fx) => {
  const sub = inv.args[0]?.value;
  if (sub === 'fmt') return inv.args.some((a) => a.value === '--check') ? undefined : writeCwd(inv, fx, 'cargo fmt');
  if (sub === '--version' || sub === '-V' || sub === 'version') return;
  opaque(fx, `runs cargo ${sub ?? ''}`.trim());
};

const go: Handler = (inv, fx) => {
  const sub = inv.args[0]?.value;
  if (sub === 'fmt') return writeCwd(inv, fx, 'go fmt');
  if (sub === 'version' || sub === 'env' || sub === 'doc' || sub === 'help') return;
  opaque(fx, `runs go ${sub ?? ''}`.trim());
};

export const denoFmt: Handler = formatter('deno fmt', { spec: { long: ['config', 'ext', 'ignore', 'log-level'] }, write: null, check: ['check'], skip: 1 });

export const formatterHandlers: Record<string, Handler> = {
  prettier: formatter('prettier --write', { spec: PRETTIER, write: ['write', 'w'], configIsCode: true }),
  eslint: formatter('eslint --fix', { spec: ESLINT, write: ['fix'], outputs: ['o', 'output-file'], configIsCode: true }),
  black: formatter('black', { spec: { short: 'ltWc', long: ['line-length', 'target-version', 'include', 'exclude', 'extend-exclude', 'force-exclude', 'stdin-filename', 'workers', 'config', 'python-cell-magics', 'required-version', 'code'] }, write: null, check: ['check', 'diff', 'c', 'code'] }),
  isort: formatter('isort', { spec: { long: ['settings-path', 'settings-file', 'profile', 'line-length', 'skip', 'skip-glob', 'src'] }, write: null, check: ['check-only', 'check', 'c', 'diff', 'show-files'] }),
  gofmt: formatter('gofmt -w', { spec: { short: 'r' }, write: ['w'] }),
  rustfmt: (inv, fx) => {
    const p = parseOpts(inv.args, { long: ['edition', 'config', 'config-path', 'emit', 'color', 'style-edition'] });
    if (hasOpt(p, 'check') || optValues(p, 'emit').some((e) => e.value === 'stdout')) return;
    targets(inv, fx, 'rustfmt', p.operands);
  },
  'clang-format': formatter('clang-format -i', { spec: { long: ['style', 'assume-filename', 'lines', 'offset', 'length', 'fallback-style', 'cursor'] }, write: ['i'] }),
  ruff,
  biome,
  dprint,
  cargo,
  go,
};
