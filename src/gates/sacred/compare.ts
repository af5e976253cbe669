/**
 * `compareLock(lock, snapshot)`: every way the tree differs from the sacred-test lock, one finding each,
 * in a stable order (by file, then test). Pure: the snapshot is read by the IO shell (`collect.ts`).
 */
import type { Finding, LockedFile, RunnerFingerprint, RunnerState, SacredLock, SacredSnapshot, SacredTest } from './types.ts';

const quote = (s: string): string => JSON.stringify(s);

function byName(tests: readonly SacredTest[]): Map<string, SacredTest[]> {
  const m = new Map<string, SacredTest[]>();
  for (const t of tests) {
    const list = m.get(t.name);
    if (list) list.push(t);
    else m.set(t.name, [t]);
  }
  return m;
}

/** Test-level differences of a changed file: vanished tests, fewer assertions, new skip/only/todo markers. */
export function compareTests(file: string, locked: readonly SacredTest[], current: readonly SacredTest[]): Finding[] {
  const out: Finding[] = [];
  const now = byName(current);
  const seen = new Map<string, number>();
  for (const t of locked) {
    const i = seen.get(t.name) ?? 0;
    seen.set(t.name, i + 1);
    const cur = now.get(t.name)?.[i];
    if (!cur) {
      out.push({ kind: 'test-vanished', file, test: t.name, message: `${file}: test ${quote(t.name)} is gone` });
      continue;
    }
    if (cur.assertions < t.assertions) {
      out.push({ kind: 'assertions-decreased', file, test: t.name, message: `${file}: test ${quote(t.name)} has fewer assertions (${t.assertions} → ${cur.assertions})` });
    }
    for (const m of cur.markers) {
      if (!t.markers.includes(m)) out.push({ kind: 'marker-added', file, test: t.name, message: `${file}: test ${quote(t.name)} is now marked .${m}` });
    }
  }
  // A new test with .only silences every other test; a new .skip/.todo is reported too.
  for (const [name, list] of now) {
    for (const cur of list.slice(seen.get(name) ?? 0)) {
      for (const m of cur.markers) out.push({ kind: 'marker-added', file, test: name, message: `${file}: new test ${quote(name)} is marked .${m}` });
    }
  }
  return out;
}

function compareFile(file: string, locked: LockedFile, current: LockedFile): Finding[] {
  if (locked.sha256 === current.sha256) return [];
  return [{ kind: 'changed', file, message: `${file}: changed since the lock` }, ...compareTests(file, locked.tests, current.tests)];
}

function describeScript(v: string | undefined): string {
  return v === undefined ? '(none)' : quote(v);
}

/**
 * Runner findings. A changed config source is a finding when bosun cannot read it statically (or, with
 * `everyConfig`, always: what `sacred approve` shows the person approving).
 */
export function compareRunner(lock: RunnerFingerprint, now: RunnerState, everyConfig = false): Finding[] {
  const out: Finding[] = [];
  for (const label of [...new Set([...Object.keys(lock.scripts), ...Object.keys(now.scripts)])].sort()) {
    const was = lock.scripts[label];
    const is = now.scripts[label];
    if (was === is) continue;
    out.push({
      kind: 'runner-script-changed',
      file: label,
      message: `${label} changed: ${describeScript(was)} → ${describeScript(is)}; re-approve if intended`,
    });
  }
  const opaque = new Set(now.opaque);
  for (const label of [...new Set([...Object.keys(lock.configs), ...Object.keys(now.configs)])].sort()) {
    if (lock.configs[label] === now.configs[label] || !(everyConfig || opaque.has(label))) continue;
    const how = lock.configs[label] === undefined ? 'added' : now.configs[label] === undefined ? 'removed' : 'changed';
    const why = opaque.has(label) ? ' (bosun cannot read it statically)' : '';
    out.push({ kind: 'runner-config-changed', file: label, message: `runner configuration ${how}: ${label}${why}; re-approve if intended` });
  }
  for (const path of [...new Set([...Object.keys(lock.setup), ...Object.keys(now.setup)])].sort()) {
    if (lock.setup[path] === now.setup[path]) continue;
    const how = lock.setup[path] === undefined ? 'added' : now.setup[path] === undefined ? 'removed' : 'changed';
    out.push({ kind: 'runner-setup-changed', file: path, message: `${path}: test setup code ${how} (it runs with the sacred tests); re-approve if intended` });
  }
  for (const file of Object.keys(now.uncovered).sort()) {
    if (file in lock.uncovered) continue;
    out.push({ kind: 'runner-excludes', file, message: `${file}: the test runner no longer runs it: ${now.uncovered[file]}` });
  }
  return out;
}

/** Runner sources that changed but were read statically and exclude no sacred file: worth a note, not a failure. */
export function runnerNotices(lock: RunnerFingerprint, now: RunnerState): string[] {
  if (Object.keys(now.uncovered).some((f) => !(f in lock.uncovered))) return [];
  const opaque = new Set(now.opaque);
  return [...new Set([...Object.keys(lock.configs), ...Object.keys(now.configs)])]
    .sort()
    .filter((l) => lock.configs[l] !== now.configs[l] && !opaque.has(l))
    .map((l) => `runner configuration ${now.configs[l] === undefined ? 'removed' : lock.configs[l] === undefined ? 'added' : 'changed'}: ${l} (bosun read it: every sacred test still runs)`);
}

export function compareLock(lock: SacredLock, now: SacredSnapshot, opts: { everyConfig?: boolean } = {}): Finding[] {
  const out: Finding[] = [];
  const movedTo = new Set<string>();
  const unlockedByHash = new Map<string, string[]>();
  for (const [path, f] of Object.entries(now.files)) {
    if (path in lock.files) continue;
    unlockedByHash.set(f.sha256, [...(unlockedByHash.get(f.sha256) ?? []), path]);
  }
  for (const path of Object.keys(lock.files).sort()) {
    const locked = lock.files[path]!;
    const cur = now.files[path];
    if (cur) {
      out.push(...compareFile(path, locked, cur));
      continue;
    }
    const outside = now.outside[path];
    if (outside) {
      out.push({ kind: 'unprotected', file: path, message: `${path}: in the lock, but protected.sacred no longer covers it` });
      out.push(...compareFile(path, locked, outside));
      continue;
    }
    const target = [...(unlockedByHash.get(locked.sha256) ?? []), ...(now.elsewhere[locked.sha256] ?? [])].find((p) => !movedTo.has(p));
    if (target !== undefined) {
      movedTo.add(target);
      out.push({ kind: 'moved', file: path, message: `${path}: moved to ${target}` });
    } else {
      out.push({ kind: 'missing', file: path, message: `${path}: deleted (it is in the lock but not in the tree)` });
    }
  }
  for (const path of Object.keys(now.files).sort()) {
    if (path in lock.files || movedTo.has(path)) continue;
    out.push({ kind: 'unlocked', file: path, message: `${path}: matches protected.sacred but is not in the lock` });
    out.push(...compareTests(path, [], now.files[path]!.tests));
  }
  out.push(...compareRunner(lock.runner, now.runner, opts.everyConfig));
  return out;
}
