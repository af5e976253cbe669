import { unknown, type Effects, type Invocation } from './invocation.ts';
import { DYN } from './markers.ts';
import type { Arg } from './words.ts';

/**
 * Git hazards the policy refuses whatever the paths: skipping hooks (`--no-verify`, `-n` on commit,
 * HUSKY=0 and friends), pointing `core.hooksPath` elsewhere, and force pushes.
 */

/** `--no-verif` is `--no-verify` to git: long options may be abbreviated while unambiguous. */
function abbrev(arg: string, option: string, min: number): boolean {
  const name = arg.split('=')[0] as string;
  return name.length >= min && option.startsWith(name);
}

const HOOK_RUNNERS = new Set(['commit', 'merge', 'pull', 'rebase', 'am', 'push', 'cherry-pick', 'revert']);

/** Short options of `git commit` that take a value: in `-nm msg` the `n` is a flag, in `-mn` it is the message. */
const COMMIT_VALUE_LETTERS = 'mFCctSu';

export function noVerify(sub: string, args: readonly Arg[], fx: Effects): void {
  if (!HOOK_RUNNERS.has(sub)) return;
  for (let i = 0; i < args.length; i++) {
    const v = (args[i] as Arg).value;
    if (v === '--') break;
    if (v.startsWith('--') && abbrev(v, '--no-verify', 7)) {
      fx.hazards.push({ kind: 'skip-hooks', detail: `git ${sub} ${v} skips the git hooks` });
      return;
    }
    if (sub !== 'commit' || !/^-[^-]/.test(v)) continue;
    for (const c of v.slice(1)) {
      if (c === 'n') {
        fx.hazards.push({ kind: 'skip-hooks', detail: `git commit ${v} (-n is --no-verify) skips the git hooks` });
        return;
      }
      if (COMMIT_VALUE_LETTERS.includes(c)) {
        if (v.endsWith(c) && 'mFCct'.includes(c)) i++;
        break;
      }
    }
  }
}

const FORCE_OPTIONS = ['--force', '--force-with-lease', '--force-if-includes', '--mirror', '--delete', '--prune'];

export function forcePush(args: readonly Arg[], fx: Effects): void {
  const operands: string[] = [];
  let endOpts = false;
  for (let i = 0; i < args.length; i++) {
    const v = (args[i] as Arg).value;
    if (!endOpts && v === '--') {
      endOpts = true;
      continue;
    }
    if (!endOpts && v.startsWith('--')) {
      const hit = FORCE_OPTIONS.find((o) => abbrev(v, o, 5));
      if (hit) return void fx.hazards.push({ kind: 'force-push', detail: `git push ${v} ${hit === '--delete' || hit === '--prune' ? 'deletes remote branches' : 'overwrites remote history'}` });
      if (v === '--repo' || v === '--push-option' || v === '--receive-pack' || v === '--exec') i++;
      continue;
    }
    if (!endOpts && /^-[^-]/.test(v)) {
      for (const c of v.slice(1)) {
        if (c === 'f' || c === 'd') return void fx.hazards.push({ kind: 'force-push', detail: `git push ${v} ${c === 'f' ? 'overwrites remote history' : 'deletes remote branches'}` });
        if (c === 'o') {
          if (v.endsWith('o')) i++;
          break;
        }
      }
      continue;
    }
    operands.push(v);
  }
  const spec = operands.slice(1).find((r) => r.startsWith('+') || r.startsWith(':'));
  if (spec) fx.hazards.push({ kind: 'force-push', detail: `git push ${spec} ${spec.startsWith('+') ? 'force-updates a remote branch' : 'deletes a remote branch'}` });
}

/** Config keys that make git run a program later: writing them is as good as running code. */
export function runsCommand(key: string): boolean {
  const k = key.toLowerCase();
  return (
    /^(alias\.|filter\.|pager\.|protocol\.|credential\.|diff\..*\.(textconv|command)$|merge\..*\.driver$|difftool\.|mergetool\.|remote\..*\.(uploadpack|receivepack|vcs)$)/.test(k) ||
    ['core.fsmonitor', 'core.pager', 'core.editor', 'core.sshcommand', 'core.askpass', 'core.gitproxy', 'core.alternaterefscommand', 'diff.external', 'sequence.editor', 'gpg.program', 'gpg.ssh.program', 'gpg.x509.program', 'uploadpack.packobjectshook', 'ssh.variant', 'sendemail.smtpserver', 'credential.helper', 'core.worktree', 'receive.procreceiverefs'].includes(k) ||
    /^gpg\..*\.program$/.test(k)
  );
}

/** Config keys that decide which hooks run: core.hooksPath, or an include that may set it. */
export function setsHooksPath(key: string): boolean {
  const k = key.toLowerCase();
  return k === 'core.hookspath' || k === 'include.path' || /^includeif\..*\.path$/.test(k);
}

export function hooksPathHazard(key: string, how: string, fx: Effects): void {
  fx.hazards.push({ kind: 'hooks-path', detail: key.toLowerCase() === 'core.hookspath' ? `${how} changes core.hooksPath` : `${how} includes another config file, which may set core.hooksPath` });
}

/** Environment variables that switch hook managers off (husky, pre-commit, lefthook, overcommit). */
const HOOK_ENV: Record<string, (v: string) => boolean> = {
  HUSKY: (v) => v === '0' || v.toLowerCase() === 'false',
  HUSKY_SKIP_HOOKS: (v) => v !== '' && v !== '0',
  SKIP: (v) => v !== '',
  LEFTHOOK: (v) => v === '0' || v.toLowerCase() === 'false',
  LEFTHOOK_EXCLUDE: (v) => v !== '',
  OVERCOMMIT_DISABLE: (v) => v !== '' && v !== '0',
  GIT_HOOKS_DISABLED: (v) => v !== '' && v !== '0',
};

/** Any variable set for git on this line (prefix, `env`, or earlier in the line). */
export function hookEnv(inv: Invocation, fx: Effects): void {
  for (const [name, off] of Object.entries(HOOK_ENV)) {
    const own = inv.env.get(name);
    const line = inv.scope.vars.get(name);
    const values = own ? [own.dyn.length ? '?' : own.value] : line === undefined ? [] : line === 'dynamic' ? ['?'] : line.alts.map((a) => a.text);
    if (values.some((v) => v === '?' || off(v))) {
      fx.hazards.push({ kind: 'skip-hooks', detail: `${name}=${values.join('|')} switches the git hooks off` });
    }
  }
}

/** One `-c key=value` given to git (or `git clone --config`). */
export function configPair(pair: Arg, fx: Effects): void {
  const key = pair.value.split('=')[0] ?? '';
  if (key.includes(DYN)) return unknown(fx, 'git -c sets a configuration bosun cannot know');
  if (setsHooksPath(key)) hooksPathHazard(key, `git -c ${key}`, fx);
  if (runsCommand(key)) unknown(fx, `git -c ${key} makes git run a program`);
}
