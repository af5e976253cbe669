import { posix } from 'node:path';
import { guardOperands, lookupEnv, opaque, raise, unknown, writeArg, writeCwd, writeText, type Effects, type Handler, type Invocation } from './invocation.ts';
import { hasOpt, optValues, parseOpts, sliceArg, type OptSpec, type ParsedArgs } from './options.ts';
import { literalArg, type Arg } from './words.ts';

/**
 * File utilities whose targets are on the command line. A destination that may be a directory
 * (cp, mv, ln, install without -T) is written recursively: the file lands somewhere under it.
 */

/** Parses a writer's words; unknown words that may be options make it `unknown`, but known targets are still reported. */
function parsed(inv: Invocation, fx: Effects, via: string, spec: OptSpec): ParsedArgs | null {
  guardOperands(fx, inv.args, via);
  raise(fx, 'writes');
  return parseOpts(inv.args, spec);
}

/** cp, mv, ln, install: `-t DIR`, or the last operand. Returns the sources. */
function copyLike(inv: Invocation, fx: Effects, via: string, p: ParsedArgs): Arg[] {
  const dir = optValues(p, 't', 'target-directory')[0];
  if (dir) {
    writeArg(inv, fx, dir, via, true);
    return p.operands;
  }
  const dest = p.operands.at(-1);
  if (!dest || p.operands.length < 2) return [];
  writeArg(inv, fx, dest, via, !hasOpt(p, 'T', 'no-target-directory'));
  return p.operands.slice(0, -1);
}

const CP: OptSpec = { short: 'tS', long: ['target-directory', 'suffix'] };

const cp: Handler = (inv, fx) => {
  const p = parsed(inv, fx, 'cp', CP);
  if (p) copyLike(inv, fx, 'cp', p);
};

const mv: Handler = (inv, fx) => {
  const p = parsed(inv, fx, 'mv', CP);
  if (!p) return;
  for (const src of copyLike(inv, fx, 'mv', p)) writeArg(inv, fx, src, 'mv (source)', true);
};

const rm: Handler = (inv, fx) => {
  const p = parsed(inv, fx, 'rm', {});
  if (!p) return;
  const rec = hasOpt(p, 'r', 'R', 'recursive');
  for (const f of p.operands) writeArg(inv, fx, f, rec ? 'rm -r' : 'rm', rec);
};

const rmdir: Handler = (inv, fx) => {
  const p = parsed(inv, fx, 'rmdir', {});
  if (!p) return;
  const parents = hasOpt(p, 'p', 'parents');
  for (const f of p.operands) {
    writeArg(inv, fx, f, 'rmdir');
    if (!parents || f.dyn.length) continue;
    for (let d = posix.dirname(f.value); d !== '.' && d !== '/'; d = posix.dirname(d)) writeText(inv, fx, d, 'rmdir -p');
  }
};

/** Every operand is a target (touch, mkdir, tee, shred, truncate, unlink …). */
function eachOperand(via: string, spec: OptSpec = {}, recursiveWith: string[] = []): Handler {
  return (inv, fx) => {
    const p = parsed(inv, fx, via, spec);
    if (!p) return;
    const rec = recursiveWith.length > 0 && hasOpt(p, ...recursiveWith);
    for (const f of p.operands) writeArg(inv, fx, f, via, rec);
  };
}

const ln: Handler = (inv, fx) => {
  const p = parsed(inv, fx, 'ln', CP);
  if (!p) return;
  const dir = optValues(p, 't', 'target-directory')[0];
  if (p.operands.length === 1 && !dir) {
    const only = p.operands[0] as Arg;
    return writeArg(inv, fx, { ...only, value: posix.basename(only.value), display: posix.basename(only.display) }, 'ln');
  }
  copyLike(inv, fx, 'ln', p);
  // a symbolic link's target is read from the link's directory: `ln -s ../test/x src/y` names test/x
  if (!hasOpt(p, 's', 'symbolic')) return;
  const linkDir = dir ? dir.value : posix.dirname(p.operands.at(-1)?.value ?? '.');
  for (const t of dir ? p.operands : p.operands.slice(0, -1)) if (!t.value.startsWith('/')) fx.mentions.push(posix.join(linkDir, t.value));
};

const MODE = /^[-+=][rwxXstugo]*([,+=-][rwxXstugo]*)*$/;

/** chmod/chown/chgrp: the first operand is the mode or owner, unless --reference names a file. */
function permissions(via: string): Handler {
  return (inv, fx) => {
    guardOperands(fx, inv.args, via);
    raise(fx, 'writes');
    const known = /^-[RcfvhHLP]+$|^--(recursive|changes|silent|quiet|verbose|no-dereference|dereference|preserve-root|no-preserve-root|reference=.*|from=.*)$/;
    const opts = inv.args.filter((a) => known.test(a.value));
    const operands = inv.args.filter((a) => !known.test(a.value) && a.value !== '--' && !(via !== 'chmod' && a.value.startsWith('-') && !MODE.test(a.value)));
    const rec = opts.some((o) => /^-[a-zA-Z]*R/.test(o.value) || o.value === '--recursive');
    const ref = opts.some((o) => o.value.startsWith('--reference='));
    for (const f of ref ? operands : operands.slice(1)) writeArg(inv, fx, f, rec ? `${via} -R` : via, rec);
  };
}

const dd: Handler = (inv, fx) => {
  for (const a of inv.args) if (a.value.startsWith('of=')) writeArg(inv, fx, sliceArg(a, 3), 'dd of=');
};

const install: Handler = (inv, fx) => {
  const p = parsed(inv, fx, 'install', { short: 'mogSt', long: ['mode', 'owner', 'group', 'suffix', 'target-directory', 'strip-program'] });
  if (!p) return;
  if (optValues(p, 'strip-program').length) opaque(fx, 'install --strip-program runs a program');
  if (hasOpt(p, 'd', 'directory')) {
    for (const d of p.operands) writeArg(inv, fx, d, 'install -d');
    return;
  }
  copyLike(inv, fx, 'install', p);
};

/** mktemp creates one file in `-p DIR`, $TMPDIR (assumed /tmp when inherited), or beside its template. */
const mktemp: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'p', long: ['tmpdir', 'suffix'] });
  if (hasOpt(p, 'u', 'dry-run')) return;
  const template = p.operands[0];
  const dir = optValues(p, 'p', 'tmpdir')[0];
  const inTmp = dir !== undefined || hasOpt(p, 't', 'tmpdir') || !template;
  const tmp: Arg = literalArg('/tmp');
  const base = inTmp ? (dir ?? lookupEnv(inv, 'TMPDIR') ?? tmp) : { ...tmp, value: '.', display: '.' };
  const sub = template ? posix.dirname(template.value) : '.';
  const value = sub.startsWith('/') ? sub : posix.join(base.value, sub);
  writeArg(inv, fx, { ...base, value, display: value }, 'mktemp', true);
};

const split: Handler = (inv, fx) => {
  const p = parsed(inv, fx, 'split', { short: 'abClnt', long: ['suffix-length', 'bytes', 'line-bytes', 'lines', 'number', 'separator', 'additional-suffix', 'numeric-suffixes', 'hex-suffixes', 'filter'] });
  if (!p) return;
  if (optValues(p, 'filter').length) return unknown(fx, 'split --filter runs shell code');
  const prefix = p.operands[1];
  if (!prefix) return writeCwd(inv, fx, 'split');
  writeArg(inv, fx, { ...prefix, value: prefix.value + '*', glob: true }, 'split');
};

export const writerHandlers: Record<string, Handler> = {
  cp,
  mv,
  rm,
  rmdir,
  ln,
  dd,
  install,
  mktemp,
  split,
  unlink: eachOperand('unlink'),
  touch: eachOperand('touch', { short: 'dtr', long: ['date', 'reference', 'time'] }),
  mkdir: eachOperand('mkdir', { short: 'm', long: ['mode'] }),
  tee: eachOperand('tee'),
  shred: eachOperand('shred', { short: 'ns', long: ['iterations', 'size', 'random-source', 'remove'] }),
  truncate: eachOperand('truncate', { short: 'sr', long: ['size', 'reference'] }),
  chmod: permissions('chmod'),
  chown: permissions('chown'),
  chgrp: permissions('chgrp'),
  chattr: permissions('chattr'),
  setfacl: eachOperand('setfacl', { short: 'mMxX', long: ['modify', 'modify-file', 'remove', 'remove-file', 'set', 'set-file'] }, ['R', 'recursive']),
};
