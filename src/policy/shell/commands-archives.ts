import { posix } from 'node:path';
import { guardOperands, unknown, writeArg, writeCwd, type Handler } from './invocation.ts';
import { hasOpt, optValues, parseOpts, type ParsedArgs } from './options.ts';
import { literalArg, type Arg } from './words.ts';

/** Archives, compressors and patch: what they extract into, create or replace. */

const TAR_VALUE_LETTERS = 'fCTXbKNgLVHFI';
const TAR_SPEC = {
  short: TAR_VALUE_LETTERS,
  long: ['file', 'directory', 'files-from', 'exclude-from', 'exclude', 'transform', 'xform', 'use-compress-program', 'to-command', 'info-script', 'new-volume-script', 'rsh-command', 'owner', 'group', 'mode', 'mtime', 'newer', 'listed-incremental', 'format', 'label', 'strip-components', 'index-file', 'suffix', 'blocking-factor', 'tape-length', 'starting-file'],
};

/** `tar xzf a.tgz` (old style: the first word is a bundle of letters) → `tar -x -z -f a.tgz`. */
function tarArgs(args: readonly Arg[]): Arg[] {
  const first = args[0];
  if (!first || first.value.startsWith('-') || first.dyn.length || !/^[a-zA-Z]+$/.test(first.value)) return [...args];
  const letters = [...first.value];
  const rest = args.slice(1);
  const out: Arg[] = [];
  for (const l of letters) {
    out.push({ ...first, value: `-${l}`, display: `-${l}` });
    if (TAR_VALUE_LETTERS.includes(l) && rest.length) out.push(rest.shift() as Arg);
  }
  return [...out, ...rest];
}

const tar: Handler = (inv, fx) => {
  const p = parseOpts(tarArgs(inv.args), TAR_SPEC);
  const has = (...n: string[]): boolean => hasOpt(p, ...n);
  const runs = p.opts.find((o) => ['F', 'I', 'info-script', 'new-volume-script', 'use-compress-program', 'to-command', 'rsh-command'].includes(o.name) || (o.name === 'checkpoint-action' && /exec/.test(o.value?.value ?? '')));
  if (runs) return unknown(fx, `tar ${runs.arg.display} runs a program`);
  for (const o of p.opts) if ((o.name === 'g' || o.name === 'listed-incremental' || o.name === 'index-file') && o.value) writeArg(inv, fx, o.value, `tar --${o.name}`);
  if (has('x', 'extract', 'get')) {
    if (has('O', 'to-stdout')) return;
    if (has('P', 'absolute-names')) return unknown(fx, 'tar -P extracts absolute paths from the archive');
    let dir: Arg = literalArg('.');
    for (const d of optValues(p, 'C', 'directory')) dir = d.value.startsWith('/') || dir.value === '.' ? d : { ...d, value: posix.join(dir.value, d.value) };
    return writeArg(inv, fx, dir, 'tar -x', true);
  }
  if (!has('c', 'create', 'r', 'append', 'u', 'update', 'A', 'catenate', 'concatenate', 'delete')) return;
  const archive = optValues(p, 'f', 'file')[0];
  if (archive && archive.value !== '-') writeArg(inv, fx, archive, 'tar');
  if (has('remove-files')) for (const f of p.operands) writeArg(inv, fx, f, 'tar --remove-files', true);
};

const unzip: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'dPx' });
  if (hasOpt(p, 'l', 'v', 't', 'p', 'c', 'Z', 'z')) return;
  const dir = optValues(p, 'd')[0];
  if (dir) writeArg(inv, fx, dir, 'unzip -d', true);
  else writeCwd(inv, fx, 'unzip');
};

const zip: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'bnOPZt', long: ['temp-path', 'suffixes', 'output-file', 'password', 'compression-method', 'unzip-command', 'from-date'] });
  if (hasOpt(p, 'TT', 'unzip-command') || inv.args.some((a) => a.value === '-TT')) return unknown(fx, 'zip -TT runs a program');
  const [archive, ...files] = p.operands;
  const out = optValues(p, 'O', 'output-file')[0] ?? archive;
  if (!out) return;
  writeArg(inv, fx, out, 'zip');
  if (!posix.basename(out.value).includes('.')) writeArg(inv, fx, { ...out, value: `${out.value}.zip` }, 'zip');
  if (hasOpt(p, 'm', 'move')) for (const f of files) writeArg(inv, fx, f, 'zip -m', true);
};

interface Codec {
  suffix: string;
  decompress: boolean;
  /** Short options that take a value. */
  values: string;
  /** Keeps its input unless told to remove it (zstd, lz4, brotli). */
  keeps?: boolean;
}

function codec(c: Codec): Handler {
  return (inv, fx) => {
    const p: ParsedArgs = parseOpts(inv.args, { short: c.values, long: ['suffix', 'output', 'memory', 'format', 'threads', 'check'] });
    if (hasOpt(p, 'c', 'stdout', 'to-stdout', 't', 'test', 'l', 'list', 'h', 'help', 'V', 'version')) return;
    guardOperands(fx, inv.args, inv.name);
    const out = optValues(p, 'o', 'output')[0];
    const decompress = c.decompress || hasOpt(p, 'd', 'decompress', 'uncompress');
    const keep = c.keeps ? !hasOpt(p, 'rm', 'j') : hasOpt(p, 'k', 'keep');
    const rec = hasOpt(p, 'r', 'recursive');
    if (out) return writeArg(inv, fx, out, inv.name);
    const files = p.operands.filter((f) => f.value !== '-');
    if (inv.name === 'lz4' && files.length === 2) return writeArg(inv, fx, files[1] as Arg, 'lz4');
    for (const f of files) {
      if (!keep || rec) writeArg(inv, fx, f, inv.name, rec);
      if (rec) continue;
      const v = f.value;
      const sibling = decompress ? (v.endsWith(c.suffix) ? v.slice(0, -c.suffix.length) : `${v}.out`) : `${v}${c.suffix}`;
      writeArg(inv, fx, { ...f, value: sibling, display: sibling }, inv.name);
    }
  };
}

const patch: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'pdiorBDFVzYg', long: ['strip', 'directory', 'input', 'output', 'reject-file', 'prefix', 'ifdef', 'fuzz', 'version-control', 'suffix', 'basename-prefix', 'get', 'quoting-style'] });
  if (hasOpt(p, 'dry-run', 'C', 'check')) return;
  for (const r of optValues(p, 'r', 'reject-file')) if (r.value !== '-') writeArg(inv, fx, r, 'patch -r');
  const out = optValues(p, 'o', 'output')[0];
  if (out) return out.value === '-' ? undefined : writeArg(inv, fx, out, 'patch -o');
  const original = p.operands[0];
  if (original) {
    for (const suffix of ['', '.orig', '.rej']) writeArg(inv, fx, { ...original, value: original.value + suffix }, 'patch');
    return;
  }
  const dir = optValues(p, 'd', 'directory')[0];
  // the patch names its own files: everything under its directory may change
  if (dir) writeArg(inv, fx, dir, 'patch', true);
  else writeCwd(inv, fx, 'patch');
};

export const archiveHandlers: Record<string, Handler> = {
  tar,
  bsdtar: tar,
  gtar: tar,
  unzip,
  zip,
  patch,
  gzip: codec({ suffix: '.gz', decompress: false, values: 'S' }),
  gunzip: codec({ suffix: '.gz', decompress: true, values: 'S' }),
  bzip2: codec({ suffix: '.bz2', decompress: false, values: '' }),
  bunzip2: codec({ suffix: '.bz2', decompress: true, values: '' }),
  xz: codec({ suffix: '.xz', decompress: false, values: 'STMFC' }),
  unxz: codec({ suffix: '.xz', decompress: true, values: 'STMFC' }),
  lzma: codec({ suffix: '.lzma', decompress: false, values: 'STMFC' }),
  unlzma: codec({ suffix: '.lzma', decompress: true, values: 'STMFC' }),
  zstd: codec({ suffix: '.zst', decompress: false, values: 'oD', keeps: true }),
  unzstd: codec({ suffix: '.zst', decompress: true, values: 'oD', keeps: true }),
  lz4: codec({ suffix: '.lz4', decompress: false, values: '', keeps: true }),
  brotli: codec({ suffix: '.br', decompress: false, values: 'oSqwD', keeps: true }),
  compress: codec({ suffix: '.Z', decompress: false, values: 'b' }),
  uncompress: codec({ suffix: '.Z', decompress: true, values: '' }),
};
