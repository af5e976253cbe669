/** Decoding of quoted shell text: `$'…'` (ANSI-C) strings and double-quoted strings. */

export function decodeDoubleQuoted(text: string): string {
  return text.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

const SIMPLE_ESC: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** `$'…'` → its value. Bash ends the string at a NUL byte, and so does this. */
export function decodeAnsiC(raw: string): string {
  const body = raw.startsWith("$'") ? raw.slice(2, -1) : raw;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1] as string;
    let code: number | null = null;
    let len = 1;
    const simple = SIMPLE_ESC[n];
    if (simple !== undefined) out += simple;
    else if (/[0-7]/.test(n)) {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1)) as RegExpExecArray;
      code = parseInt(m[0], 8) & 0xff;
      len = m[0].length;
    } else if (n === 'x' || n === 'u' || n === 'U') {
      const max = n === 'x' ? 2 : n === 'u' ? 4 : 8;
      const m = new RegExp(`^[0-9a-fA-F]{1,${max}}`).exec(body.slice(i + 2));
      if (m) {
        code = parseInt(m[0], 16);
        len = 1 + m[0].length;
      } else out += '\\' + n;
    } else if (n === 'c' && i + 2 < body.length) {
      code = (body.charCodeAt(i + 2) & 0x1f) >>> 0;
      len = 2;
    } else out += '\\' + n;
    if (code !== null) {
      if (code === 0) return out;
      out += code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    i += len;
  }
  return out;
}
