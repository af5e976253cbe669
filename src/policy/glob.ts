/**
 * Globs over repo-relative POSIX paths. Anchored at the repository root.
 * `**` spans any number of segments (zero included), `*` and `?` stay inside one segment,
 * `{a,b}` alternates, `[...]` is a character class. A pattern that matches a path also matches
 * everything below it: `test/billing` protects `test/billing/a.test.js` as `test/billing/**` would.
 */

const cache = new Map<string, RegExp>();

function escapeRe(c: string): string {
  return /[.+^$()|\\\]{}]/.test(c) ? '\\' + c : c;
}

function translate(pattern: string): string {
  let re = '';
  let i = 0;
  let braces = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        const atStart = i === 0 || pattern[i - 1] === '/';
        const next = pattern[i + 2];
        if (atStart && next === '/') {
          re += '(?:[^/]*(?:/[^/]*)*/)?'; // `**/` : zero or more leading segments
          i += 3;
          continue;
        }
        if (atStart && next === undefined) {
          re = re.endsWith('/') ? re.slice(0, -1) + '(?:/.*)?' : '.*'; // trailing `/**` may match the dir itself
          i += 2;
          continue;
        }
        re += '[^/]*';
        i += 2;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) {
      re += '|';
    } else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end === -1) {
        re += '\\[';
      } else {
        let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body + ']';
        i = end;
      }
    } else {
      re += escapeRe(c);
    }
    i++;
  }
  return re;
}

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const p = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
    re = new RegExp('^' + translate(p) + '(?:/.*)?$', 's');
    cache.set(pattern, re);
  }
  return re;
}

/** Does `pattern` match `path` (repo-relative, no leading `./`), or a directory above it? */
export function globMatch(pattern: string, path: string): boolean {
  if (pattern === '**' || pattern === '*' && !path.includes('/')) return true;
  return compile(pattern).test(path);
}

export function matchAny(patterns: readonly string[], path: string): string | undefined {
  for (const p of patterns) if (globMatch(p, path)) return p;
  return undefined;
}

/**
 * Could `pattern` match `dir` or anything below it? Used for writes that touch a whole tree
 * (`rm -r dir`, `git stash`): a protected pattern that may match under the tree makes the write protected.
 */
export function globMayMatchUnder(pattern: string, dir: string): boolean {
  if (dir === '' || dir === '.') return true;
  if (globMatch(pattern, dir)) return true;
  const segs = pattern.replace(/^\.\//, '').replace(/\/+$/, '').split('/');
  const parts = dir.split('/');
  // NFA over pattern segments: the set of positions reachable after consuming dir's segments.
  let states = new Set<number>([0]);
  for (const part of parts) {
    const next = new Set<number>();
    for (const s of states) {
      const seg = segs[s];
      if (seg === undefined) {
        next.add(s); // pattern already matched an ancestor: everything below matches
        continue;
      }
      if (seg === '**') {
        next.add(s); // ** swallows this segment
        if (segMatch(segs[s + 1], part)) next.add(s + 2);
        continue;
      }
      if (segMatch(seg, part)) next.add(s + 1);
    }
    if (next.size === 0) return false;
    states = next;
  }
  return states.size > 0;
}

function segMatch(seg: string | undefined, part: string): boolean {
  if (seg === undefined) return false;
  if (seg === '**') return true;
  return compile(seg).test(part) && !part.includes('/');
}
