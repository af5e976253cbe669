import { posix } from 'node:path';
import { opaque, unknown, writeArg, writeCwd, type Handler } from './invocation.ts';
import { hasOpt, optValues, parseOpts } from './options.ts';

/** Downloads and copies across machines: the local files they write. */

const CURL_WRITES = ['o', 'output', 'D', 'dump-header', 'c', 'cookie-jar', 'trace', 'trace-ascii', 'stderr', 'libcurl', 'etag-save', 'hsts', 'alt-svc'];

const curl: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, {
    short: 'AbcCdDeEFHKmoPQrtTuUwxXyYz',
    long: ['output', 'output-dir', 'dump-header', 'cookie-jar', 'cookie', 'trace', 'trace-ascii', 'stderr', 'libcurl', 'etag-save', 'etag-compare', 'hsts', 'alt-svc', 'config', 'data', 'data-binary', 'data-raw', 'data-urlencode', 'form', 'header', 'user', 'user-agent', 'request', 'url', 'upload-file', 'proxy', 'referer', 'max-time', 'connect-timeout', 'write-out', 'cert', 'key', 'cacert', 'range', 'retry', 'resolve', 'connect-to', 'json'],
  });
  if (hasOpt(p, 'K', 'config')) return unknown(fx, 'curl reads options from a config file');
  const dir = optValues(p, 'output-dir')[0];
  for (const o of p.opts) {
    if (!CURL_WRITES.includes(o.name) || !o.value || o.value.value === '-') continue;
    const inDir = dir && (o.name === 'o' || o.name === 'output') && !o.value.value.startsWith('/');
    writeArg(inv, fx, inDir ? { ...o.value, value: posix.join(dir.value, o.value.value) } : o.value, `curl --${o.name}`);
  }
  if (hasOpt(p, 'O', 'remote-name', 'remote-name-all', 'J', 'remote-header-name')) {
    if (dir) writeArg(inv, fx, dir, 'curl -O', true);
    else writeCwd(inv, fx, 'curl -O');
  }
  if (fx.effect === 'read-only') opaque(fx, 'curl makes a network request');
};

const wget: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, {
    short: 'OoaPiBetTwQlARDXIUx',
    long: ['output-document', 'output-file', 'append-output', 'directory-prefix', 'input-file', 'base', 'execute', 'tries', 'timeout', 'wait', 'quota', 'level', 'accept', 'reject', 'domains', 'user-agent', 'header', 'post-data', 'post-file', 'config', 'user', 'password'],
  });
  if (hasOpt(p, 'e', 'execute', 'config')) return unknown(fx, 'wget -e runs wgetrc commands');
  for (const o of p.opts) if (['o', 'a', 'output-file', 'append-output'].includes(o.name) && o.value) writeArg(inv, fx, o.value, 'wget log');
  const doc = optValues(p, 'O', 'output-document')[0];
  if (doc) {
    if (doc.value !== '-') writeArg(inv, fx, doc, 'wget -O');
  } else {
    const dir = optValues(p, 'P', 'directory-prefix')[0];
    if (dir) writeArg(inv, fx, dir, 'wget -P', true);
    else writeCwd(inv, fx, 'wget');
  }
  if (fx.effect === 'read-only') opaque(fx, 'wget makes a network request');
};

/** `host:path`, `user@host:path`, `rsync://…`: not on this machine. */
function isRemote(v: string): boolean {
  return /^[a-z]+:\/\//i.test(v) || /^[^/]*:/.test(v);
}

const rsync: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'eBfTM', long: ['rsh', 'filter', 'exclude', 'include', 'exclude-from', 'include-from', 'files-from', 'temp-dir', 'partial-dir', 'backup-dir', 'log-file', 'write-batch', 'only-write-batch', 'read-batch', 'rsync-path', 'chmod', 'chown', 'suffix', 'compare-dest', 'copy-dest', 'link-dest', 'timeout', 'bwlimit', 'password-file'] });
  const rsh = optValues(p, 'e', 'rsh')[0];
  if (rsh && !/^ssh(\s|$)/.test(rsh.value)) return unknown(fx, 'rsync -e runs a program');
  for (const o of p.opts) if (['log-file', 'write-batch', 'only-write-batch', 'backup-dir'].includes(o.name) && o.value) writeArg(inv, fx, o.value, `rsync --${o.name}`);
  if (p.operands.length < 2) return void (fx.effect === 'read-only' && opaque(fx, 'rsync lists a remote'));
  const dest = p.operands.at(-1);
  if (dest && !isRemote(dest.value)) writeArg(inv, fx, dest, 'rsync', true);
  if (hasOpt(p, 'remove-source-files')) for (const s of p.operands.slice(0, -1)) if (!isRemote(s.value)) writeArg(inv, fx, s, 'rsync --remove-source-files', true);
  if (fx.effect === 'read-only') opaque(fx, 'rsync copies to another machine');
};

const scp: Handler = (inv, fx) => {
  const p = parseOpts(inv.args, { short: 'cFiJlopPSoD' });
  const sshOpts = optValues(p, 'o').map((o) => o.value.toLowerCase());
  if (hasOpt(p, 'S', 'F') || sshOpts.some((o) => /proxycommand|localcommand|permitlocalcommand/.test(o))) return unknown(fx, 'scp runs a program');
  const dest = p.operands.at(-1);
  if (dest && p.operands.length >= 2 && !isRemote(dest.value)) writeArg(inv, fx, dest, 'scp', true);
  if (fx.effect === 'read-only') opaque(fx, 'scp copies to another machine');
};

export const networkHandlers: Record<string, Handler> = { curl, wget, rsync, scp };
