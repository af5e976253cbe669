import { suggest } from '../shared/suggest.ts';
import type { StringFormat } from './schema-dsl.ts';
import { CLAIM_KINDS } from './types.ts';

/** Special entries a `run` list may hold besides command patterns. */
export const RUN_SPECIALS = ['@read-only'] as const;

export interface FormatSpec {
  /** ECMA-262 pattern for the JSON Schema; `formats.test.ts` keeps it in step with `check`. */
  pattern: string;
  /** A message saying what is wrong with `value`, or undefined when it is fine. */
  check(value: string): { message: string; suggestion?: string } | undefined;
}

const withSuggestion = (s: string | undefined): { suggestion?: string } => (s ? { suggestion: s } : {});

const AGENT_NAME = /^[a-z0-9][a-z0-9_-]*$/;

function isAbsoluteLike(value: string): boolean {
  return value.startsWith('/') || value.startsWith('\\') || value.startsWith('~') || /^[A-Za-z]:/.test(value);
}

function hasParentSegment(value: string): boolean {
  return value.split(/[/\\]/).includes('..');
}

function blank(value: string): { message: string } | undefined {
  return value.trim() === '' ? { message: 'must not be empty' } : undefined;
}

export const FORMATS: Record<StringFormat, FormatSpec> = {
  'claim-kind': {
    pattern: `^(?:${CLAIM_KINDS.join('|')})$`,
    check(value) {
      if ((CLAIM_KINDS as readonly string[]).includes(value)) return undefined;
      return { message: `unknown claim kind "${value}" (kinds: ${CLAIM_KINDS.join(', ')})`, ...withSuggestion(suggest(value, CLAIM_KINDS)) };
    },
  },
  'non-empty': {
    pattern: '\\S',
    check: blank,
  },
  'agent-name': {
    pattern: AGENT_NAME.source,
    check(value) {
      if (AGENT_NAME.test(value)) return undefined;
      const fixed = value.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[-_]+/, '');
      return {
        message: `invalid agent name "${value}": use lowercase letters, digits, "-" and "_", starting with a letter or digit`,
        ...withSuggestion(AGENT_NAME.test(fixed) ? fixed : undefined),
      };
    },
  },
  'repo-glob': {
    pattern: '^(?![/\\\\~])(?![A-Za-z]:)(?!(?:.*[/\\\\])?\\.\\.(?:[/\\\\]|$))(?=.*\\S).+$',
    check(value) {
      const empty = blank(value);
      if (empty) return empty;
      if (isAbsoluteLike(value)) {
        return { message: `"${value}" is not relative to the repository root; globs here are repo-relative (like "src/**")` };
      }
      if (hasParentSegment(value)) {
        return { message: `"${value}" contains "..": globs here must stay inside the repository` };
      }
      return undefined;
    },
  },
  'absolute-glob': {
    pattern: '^/(?!(?:.*/)?\\.\\.(?:/|$)).*$',
    check(value) {
      if (!value.startsWith('/')) return { message: `"${value}" must be an absolute path glob (starting with "/")` };
      if (hasParentSegment(value)) return { message: `"${value}" contains "..": write the normalised absolute path` };
      return undefined;
    },
  },
  'run-pattern': {
    pattern: `^(?:${RUN_SPECIALS.join('|')}|[^@\\s](?:.*\\S)?)$`,
    check(value) {
      const empty = blank(value);
      if (empty) return empty;
      if (value !== value.trim()) return { message: `"${value}" has leading or trailing spaces`, suggestion: value.trim() };
      if (value.startsWith('@') && !(RUN_SPECIALS as readonly string[]).includes(value)) {
        return {
          message: `unknown special entry "${value}" (known: ${RUN_SPECIALS.join(', ')})`,
          ...withSuggestion(suggest(value, RUN_SPECIALS)),
        };
      }
      return undefined;
    },
  },
};
