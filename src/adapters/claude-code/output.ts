import type { HookResponse } from '../../hooks/index.ts';

/** What the hook process prints and exits with, in Claude Code's contract (HARNESSES.md). */
export interface WireAnswer {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export function render(event: string, r: HookResponse): WireAnswer {
  switch (r.kind) {
    case 'none':
      return { stdout: '', stderr: '', exitCode: 0 };
    case 'decision': {
      // An allow is answered with silence: "allow" would skip the user's own permission rules.
      if (r.decision.decision === 'allow') return { stdout: '', stderr: '', exitCode: 0 };
      const out = {
        hookSpecificOutput: {
          hookEventName: 'PreToolUse',
          permissionDecision: r.decision.decision,
          permissionDecisionReason: `${r.decision.reason} [bosun rule: ${r.decision.rule}]`,
        },
      };
      return { stdout: JSON.stringify(out) + '\n', stderr: '', exitCode: 0 };
    }
    case 'context':
      return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: event, additionalContext: r.text } }) + '\n', stderr: '', exitCode: 0 };
    case 'block':
      return { stdout: JSON.stringify({ decision: 'block', reason: r.reason }) + '\n', stderr: '', exitCode: 0 };
  }
}

/**
 * The fail-closed answer when bosun itself broke on PreToolUse: exit 2 blocks the tool call in
 * Claude Code (exit 1 would not), and stderr becomes the reason the model sees.
 */
export function failClosed(what: string, hint: string): WireAnswer {
  return {
    stdout: '',
    stderr: `bosun denied this tool call because its guard could not run: ${what}\nTo diagnose: ${hint}\n`,
    exitCode: 2,
  };
}
