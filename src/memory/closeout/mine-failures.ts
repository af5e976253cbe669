/** Commands that failed and were later made to work, and failures that kept repeating. PURE. */
import { clip, commandFamily, errorHeadline, excerpt, normalizeCommand } from './commands.ts';
import { candidate, FILE_TOOLS, normalizeText, provenance, str, targetOf, type CallOutcome, type MineContext } from './mine-context.ts';
import type { Candidate } from './types.ts';

/** This many failures of the same thing in one session make a repeated-failure candidate. */
export const REPEAT_THRESHOLD = 3;

interface Failure {
  o: CallOutcome;
  command: string;
  /** File edits before this failure: a success with the same count had no edit in between. */
  editsBefore: number;
}

export function failuresThenFixes(list: readonly CallOutcome[], ctx: MineContext): Candidate[] {
  const out: Candidate[] = [];
  const open = new Map<string, Failure>();
  let edits = 0;
  for (const o of list) {
    if (FILE_TOOLS.has(o.call.name) && o.outcome === 'ok') edits++;
    if (o.call.name !== 'Bash') continue;
    const command = str(o.call.input['command']);
    if (!command) continue;
    const family = commandFamily(command);
    if (o.outcome === 'fail') {
      open.set(family, { o, command, editsBefore: edits });
      continue;
    }
    if (o.outcome !== 'ok') continue;
    const f = open.get(family);
    if (!f) continue;
    open.delete(family);
    // An edit in between means the code changed, not the command: the ordinary edit-test loop, no lesson.
    if (f.editsBefore !== edits) continue;
    const before = normalizeCommand(f.command);
    const after = normalizeCommand(command);
    const error = errorHeadline(f.o.result?.text ?? '');
    const evidence = `$ ${f.command}\n${excerpt(f.o.result?.text ?? '', 240)}\n$ ${command} (worked)`;
    const at = o.result ?? o.call;
    if (before !== after) {
      out.push(candidate('failed-then-fixed', `${before} => ${after}`, `\`${clip(before, 100)}\` failed${error ? ` (${error})` : ''}; \`${clip(after, 100)}\` worked.`, 'commands', provenance(ctx, at, evidence)));
    } else {
      out.push(candidate('failed-then-fixed', `flaky: ${after}`, `\`${clip(after, 100)}\` failed${error ? ` (${error})` : ''} and then passed with no change in between: it may be flaky.`, 'commands', provenance(ctx, at, evidence)));
    }
  }
  return out;
}

/** The same command (or the same error of another tool) failing REPEAT_THRESHOLD times or more. */
export function repeatedFailures(list: readonly CallOutcome[], ctx: MineContext): Candidate[] {
  const groups = new Map<string, CallOutcome[]>();
  for (const o of list) {
    if (o.outcome !== 'fail') continue;
    const command = o.call.name === 'Bash' ? str(o.call.input['command']) : null;
    const key = command ? `Bash: ${normalizeCommand(command)}` : `${o.call.name}: ${normalizeText(errorHeadline(o.result?.text ?? '')).replace(/\/\S+/g, '<path>').replace(/\d+/g, 'N')}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const out: Candidate[] = [];
  for (const [key, fails] of groups) {
    if (fails.length < REPEAT_THRESHOLD) continue;
    const last = fails[fails.length - 1]!;
    const error = errorHeadline(last.result?.text ?? '');
    const what = last.call.name === 'Bash' ? `\`${clip(normalizeCommand(targetOf(last.call, ctx.cwd)), 100)}\`` : `${last.call.name} (${clip(targetOf(last.call, ctx.cwd), 80)})`;
    const evidence = fails.map((f) => `${f.call.name} ${clip(targetOf(f.call, ctx.cwd), 100)}: ${errorHeadline(f.result?.text ?? '')}`).join('\n');
    out.push(candidate('repeated-failure', key, `${what} failed ${fails.length} times in one session${error ? ` (${error})` : ''}.`, 'commands', provenance(ctx, last.result ?? last.call, evidence)));
  }
  return out;
}
