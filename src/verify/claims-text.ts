/**
 * An agent's final message reduced to the prose it asserts: code, quotations and markdown removed,
 * split into sentences. Tokens stand in for what matters of the removed parts: inline code naming
 * a check command becomes `TESTCMD`/`BUILDCMD`/`TSCCMD`/`LINTCMD` ("`npm test` passes"), check
 * marks become `PASSMARK`, crosses and warnings `FAILMARK`.
 */
export interface Sentence {
  /** For matching: inline code, quotations and marks replaced by their tokens. */
  text: string;
  /** For people: the sentence with its code, quotations and marks as written. */
  display: string;
  /** Ends with a question mark. */
  question: boolean;
  /** A markdown heading line. */
  heading: boolean;
  /** Index of the paragraph (blank-line separated block) it belongs to. */
  paragraph: number;
}

/** Inline code → the token for the check it runs, or a neutral `CODE`. */
function codeToken(code: string): string {
  const c = code.trim();
  if (/^(?:(?:npm|pnpm|yarn|bun)(?: run)? (?:test|t)\b|npx (?:vitest|jest|mocha)|(?:vitest|jest|mocha|pytest|py\.test)\b|python3? -m pytest|go test|cargo test|node (?:.* )?--test|make test|deno test|bun test)/.test(c)) return 'TESTCMD';
  if (/^(?:npx |pnpm exec )?(?:tsc|vue-tsc|mypy|pyright)\b|^(?:npm|pnpm|yarn)(?: run)? (?:typecheck|type-check|check-types|types)\b/.test(c)) return 'TSCCMD';
  if (/^(?:npx |pnpm exec )?(?:eslint|ruff|flake8|pylint|biome|golangci-lint|rubocop)\b|^cargo clippy|^(?:npm|pnpm|yarn)(?: run)? lint\b/.test(c)) return 'LINTCMD';
  if (/^(?:npm|pnpm|yarn)(?: run)? build\b|^(?:cargo|go) build\b|^make(?: build)?$|^(?:npx )?(?:vite|webpack|next) build\b/.test(c)) return 'BUILDCMD';
  return 'CODE';
}

const POSITIVE_MARKS = /✅|✔️?|☑️?|✓|🟢|💚/g;
const NEGATIVE_MARKS = /❌|✖️?|✗|✘|🔴|⛔|🚫|⚠️?|🟡|🟠/g;
// Other emoji and pictographs carry no claim ("🎉", "🚀").
const OTHER_EMOJI = /\p{Extended_Pictographic}\uFE0F?/gu;

/**
 * Text with code, quotations and marks replaced by placeholders `\u0001<n>\u0002` into `table`
 * (token and original text), and markdown markup removed.
 */
function prose(message: string, table: Array<[token: string, original: string]>): string {
  const hold = (token: string, original: string): string => {
    table.push([token, original]);
    return ` \u0001${table.length - 1}\u0002 `;
  };
  return (
    message
      .replace(/\r\n?/g, '\n')
      // fenced code blocks, closed or running to the end
      .replace(/^[ \t]*(```|~~~)[^\n]*\n[\s\S]*?(?:^[ \t]*\1[ \t]*$|(?![\s\S]))/gm, '\n\n')
      // block quotes: someone else's words
      .replace(/^[ \t]*>.*$/gm, '')
      .replace(/`([^`\n]+)`/g, (m, code: string) => hold(codeToken(code), m))
      // quoted text: "…", “…”, and '…' not made of apostrophes (don't, it's)
      .replace(/"[^"\n]{0,300}"|“[^”\n]{0,300}”|(?<![\p{L}\p{N}])'[^'\n]{1,300}'(?![\p{L}\p{N}])/gu, (m) => hold('QUOTE', m))
      // links keep their text; images go
      .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
      .replace(/https?:\/\/[^\s)]+/g, (m) => hold('URL', m))
      // tables: `| Tests | ✅ passing |` reads as `Tests: ✅ passing`; separator rows go
      .replace(/^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/gm, '')
      .replace(/^[ \t]*\|(.*)\|[ \t]*$/gm, (_m, row: string) => `${row.split('|').map((c) => c.trim()).filter(Boolean).join(': ')}.`)
      // an unchecked task-list item is not done; a checked one is a check mark
      .replace(/^[ \t]*(?:[-*+]|\d+[.)])[ \t]+\[ \].*$/gm, '')
      .replace(/^([ \t]*(?:[-*+]|\d+[.)])[ \t]+)\[[xX]\]/gm, (_m, lead: string) => lead + hold('PASSMARK', '[x]'))
      .replace(POSITIVE_MARKS, (m) => hold('PASSMARK', m))
      .replace(NEGATIVE_MARKS, (m) => hold('FAILMARK', m))
      .replace(OTHER_EMOJI, ' ')
      // emphasis and strikethrough markers; struck-out text is withdrawn
      .replace(/~~[^~\n]*~~/g, '')
      .replace(/(\*\*|__)(.+?)\1/g, '$2')
      .replace(/(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])/g, '$1')
  );
}

const HELD = /\u0001(\d+)\u0002/g;
const tidy = (s: string): string => s.replace(/\s+/g, ' ').replace(/\s+([.,;:!?])/g, '$1').trim();

/** Sentences of the message, each line (a bullet, a heading) ending any sentence it holds. */
export function sentences(message: string): Sentence[] {
  const out: Sentence[] = [];
  const table: Array<[string, string]> = [];
  let paragraph = 0;
  for (const rawLine of prose(message, table).split('\n')) {
    if (rawLine.trim() === '') {
      paragraph++;
      continue;
    }
    const heading = /^\s*#{1,6}\s/.test(rawLine);
    const line = rawLine
      .replace(/^\s*#{1,6}\s+/, '')
      .replace(/^\s*(?:[-*+•]|\d+[.)])\s+/, '')
      .trim();
    // Sentence ends: . ! ? followed by a space, except after common abbreviations.
    const parts = line.split(/(?<=[.!?])\s+(?=\S)(?<!\b(?:e\.g\.|i\.e\.|etc\.|vs\.|approx\.)\s+)/);
    for (const p of parts) {
      const text = tidy(p.replace(HELD, (_m, n: string) => ` ${table[Number(n)]?.[0] ?? ''} `));
      const display = tidy(p.replace(HELD, (_m, n: string) => table[Number(n)]?.[1] ?? ''));
      if (/[\p{L}\p{N}]/u.test(text)) out.push({ text, display, question: /\?\W*$/.test(display), heading, paragraph });
    }
  }
  return out;
}
