import { opaque, writeArg, type Handler } from './invocation.ts';
import { parseOpts, type OptSpec } from './options.ts';

/** Commands bosun knows change nothing, and the options that would make some of them write. */

const ALWAYS = [
  'cat', 'tac', 'head', 'tail', 'more', 'grep', 'egrep', 'fgrep', 'zgrep', 'ag', 'ack', 'ls', 'dir', 'vdir', 'wc', 'echo',
  'pwd', 'which', 'whereis', 'file', 'stat', 'du', 'df', 'cut', 'tr', 'diff', 'cmp', 'comm', 'jq', 'test', '[', 'basename',
  'dirname', 'realpath', 'readlink', 'whoami', 'id', 'groups', 'uname', 'printenv', 'od', 'hexdump', 'md5sum', 'sha1sum',
  'sha224sum', 'sha256sum', 'sha384sum', 'sha512sum', 'b2sum', 'cksum', 'sum', 'shasum', 'md5', 'nl', 'column', 'seq', 'sleep',
  'rev', 'fold', 'fmt', 'paste', 'join', 'expand', 'unexpand', 'strings', 'look', 'zcat', 'bzcat', 'xzcat', 'zstdcat', 'ps',
  'pgrep', 'free', 'uptime', 'nproc', 'getconf', 'locale', 'tty', 'arch', 'cal', 'numfmt', 'factor', 'expr', 'yes', 'man',
  'info', 'lsblk', 'findmnt', 'tldr', 'true', 'false', 'printf', 'jobs', 'type',
];

/** `tool --version` (alone) only prints a version. */
const VERSIONED = new Set([
  'npm', 'npx', 'pnpm', 'yarn', 'bun', 'tsc', 'pip', 'pip3', 'cargo', 'rustc', 'go', 'java', 'javac', 'make', 'gcc', 'g++',
  'clang', 'docker', 'kubectl', 'terraform', 'eslint', 'prettier', 'black', 'ruff', 'rustfmt', 'gofmt', 'biome', 'dprint',
  'tar', 'curl', 'wget', 'rsync', 'unzip', 'zip', 'gzip', 'cp', 'mv', 'rm', 'sed', 'awk', 'gawk', 'find', 'fd', 'rg',
]);

const VERSION_ARGS = new Set(['--version', '-V', '-v', 'version', '--help', '-h', 'help']);

/** Commands with no handler: version queries are read-only, anything else runs code bosun cannot see. */
export const fallback: Handler = (inv, fx) => {
  if (VERSIONED.has(inv.name) && inv.args.length === 1 && VERSION_ARGS.has(inv.args[0]?.value ?? '')) return;
  opaque(fx, `runs ${inv.name}, whose effects bosun cannot see`);
};

/** Read-only unless one of `outputs` names a file it writes. */
function withOutput(name: string, spec: OptSpec, outputs: string[], more?: Handler): Handler {
  return (inv, fx, rt) => {
    const p = parseOpts(inv.args, spec);
    for (const o of p.opts) if (outputs.includes(o.name) && o.value) writeArg(inv, fx, o.value, `${name} -${o.long ? '-' : ''}${o.name}`);
    more?.(inv, fx, rt);
  };
}

const uniq: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'fsw', long: ['skip-fields', 'skip-chars', 'check-chars', 'group', 'all-repeated'] });
  const out = p.operands[1];
  if (out) writeArg(inv, fx, out, 'uniq');
};

const xxd: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'cglosnC', long: ['cols', 'groupsize', 'len', 'seek', 'name'] });
  const out = p.operands[1];
  if (out) writeArg(inv, fx, out, 'xxd');
};

const sort = withOutput('sort', { short: 'kotSTy', long: ['key', 'output', 'field-separator', 'buffer-size', 'temporary-directory', 'files0-from', 'parallel', 'batch-size', 'random-source'] }, ['o', 'output'], (inv, fx) => {
  if (inv.args.some((a) => a.value.startsWith('--compress-program'))) opaque(fx, 'sort --compress-program runs a program');
});

const date: Handler = (inv, fx) => {
  if (inv.args.some((a) => a.value === '-s' || a.value.startsWith('--set') || /^-[a-zA-Z]*s/.test(a.value))) opaque(fx, 'date -s sets the clock');
};

const hostname: Handler = (inv, fx) => {
  if (parseOpts(inv.args, { short: 'F', long: ['file'] }).operands.length || inv.args.some((a) => a.value === '-F' || a.value.startsWith('--file'))) {
    opaque(fx, 'hostname NAME sets the host name');
  }
};

const rg: Handler = (inv, fx) => {
  if (inv.args.some((a) => a.value === '--pre' || a.value.startsWith('--pre='))) opaque(fx, 'rg --pre runs a program on every file');
};

const yq: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'IpoCeP', long: ['indent', 'input-format', 'output-format', 'expression', 'from-file', 'front-matter', 'split-exp', 'xml-attribute-prefix'] });
  if (!p.opts.some((o) => o.name === 'i' || o.name === 'inplace')) return;
  for (const f of p.operands.slice(1)) writeArg(inv, fx, f, 'yq -i');
};

export const readOnlyHandlers: Record<string, Handler> = {
  ...Object.fromEntries(ALWAYS.map((n) => [n, () => undefined])),
  uniq,
  xxd,
  sort,
  date,
  hostname,
  rg,
  yq,
  tree: withOutput('tree', { short: 'LIPo', long: ['filelimit', 'timefmt', 'sort', 'charset'] }, ['o']),
  less: withOutput('less', { short: 'oObhjkpPtTxyz#', long: ['log-file', 'LOG-FILE'] }, ['o', 'O', 'log-file', 'LOG-FILE']),
};
