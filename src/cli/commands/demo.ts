import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { openLedger } from '../../ledger/index.ts';
import { EXIT } from '../../shared/exit-codes.ts';
import { parseFlags } from '../args.ts';
import { findRepoDirs } from '../../shared/git-dirs.ts';
import { DEMO_FALSE_CLAIM, DEMO_FILES, DEMO_FLEET, DEMO_STEPS, type DemoStep } from '../demo-script.ts';
import { bosunRoot } from '../install-root.ts';

const HELP = `Usage: bosun demo [--keep] [--json]

A guided run in a temporary git repository, with no model and no network: bosun is initialised,
then a scripted Claude Code session is replayed through the real hook entry point (one process per
tool call, the payload on stdin, exactly as Claude Code calls it): a recorded lesson reaching the new
session, an allowed edit, an edit outside scope, shell bypasses, a read-only auditor trying to write,
and a false "tests pass" at Stop. It prints every decision and the ledger.

  --keep   keep the temporary repository and print its path (to poke at it with bosun log, policy check)
  --json   print the results as JSON`;

const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const color = (d: string): string => {
  if (!process.stdout.isTTY) return d.toUpperCase().padEnd(5);
  return d === 'deny' ? `\x1b[31mDENY \x1b[0m` : `\x1b[32mALLOW\x1b[0m`;
};

function git(repo: string, env: NodeJS.ProcessEnv, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd: repo, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr}`);
}

interface StepResult {
  step: DemoStep;
  decision: 'allow' | 'deny' | 'ask';
  reason: string;
  ok: boolean;
}

function hook(root: string, repo: string, env: NodeJS.ProcessEnv, event: string, payload: object): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'hook.cjs'), 'claude-code', event], { cwd: repo, env, input: JSON.stringify(payload), encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags('demo', args, { keep: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return EXIT.ok;
  }
  const root = bosunRoot();
  const base = mkdtempSync(join(tmpdir(), 'bosun-demo-'));
  const repo = join(base, 'acme');
  const home = join(base, 'home');
  mkdirSync(home, { recursive: true });
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, GIT_CONFIG_GLOBAL: join(home, '.gitconfig'), GIT_CONFIG_NOSYSTEM: '1', CLAUDECODE: '1' };
  delete env['BOSUN_AGENT'];
  writeFileSync(join(home, '.gitconfig'), '[user]\n\tname = Demo Human\n\temail = demo@example.invalid\n[init]\n\tdefaultBranch = main\n');
  const log = (s: string): void => {
    if (!values.json) process.stdout.write(s + '\n');
  };
  try {
    for (const [rel, content] of Object.entries({ ...DEMO_FILES, '.bosun/fleet.yaml': DEMO_FLEET })) {
      mkdirSync(dirname(join(repo, rel)), { recursive: true });
      writeFileSync(join(repo, rel), content);
    }
    git(repo, env, 'init', '-q');
    git(repo, env, 'add', '-A');
    git(repo, env, 'commit', '-qm', 'acme: initial');
    log(bold(`bosun demo — a scripted Claude Code session in ${repo}`));
    const init = spawnSync(process.execPath, [join(root, 'bin', 'bosun.js'), 'init', '--yes'], { cwd: repo, env, encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`bosun init failed: ${init.stderr}`);
    log(`\n$ bosun init --yes\n${init.stdout.trim()}\n`);

    const session = 'demo-0000-session';
    const common = { session_id: session, transcript_path: join(home, '.claude', 'projects', 'demo', `${session}.jsonl`), cwd: repo, permission_mode: 'default' };
    // Memory: a lesson a human recorded last week reaches the next session through the SessionStart hook.
    const lessonText = 'add() in src/math.js feeds the billing totals: run npm test after touching it.';
    const lesson = spawnSync(process.execPath, [join(root, 'bin', 'bosun.js'), 'lesson', 'add', lessonText, '--topic', 'billing'], { cwd: repo, env: { ...env, CLAUDECODE: '' }, encoding: 'utf8' });
    log(`$ bosun lesson add "${lessonText}" --topic billing\n${lesson.stdout.trim()}\n`);
    const start = hook(root, repo, env, 'SessionStart', { ...common, hook_event_name: 'SessionStart', source: 'startup' });
    const context = start.stdout.trim() ? ((JSON.parse(start.stdout) as { hookSpecificOutput?: { additionalContext?: string } }).hookSpecificOutput?.additionalContext ?? '') : '';
    const memoryOk = lesson.status === 0 && context.includes(lessonText);
    log(`${process.stdout.isTTY ? '\x1b[36mMEMO \x1b[0m' : 'MEMO '} ${bold('SessionStart'.padEnd(17))} the new session is given the project's lessons (${context.length} characters)${memoryOk ? '' : '  <-- expected the lesson in the context!'}`);
    for (const l of context.split('\n').filter((x) => x.includes(lessonText))) log(`      → ${l.trim()}`);
    log('');
    const results: StepResult[] = [];
    for (const [i, step] of DEMO_STEPS.entries()) {
      const input = { ...step.input };
      for (const k of ['file_path', 'path']) if (typeof input[k] === 'string') input[k] = join(repo, input[k] as string);
      const sub = step.agent ? { agent_id: `a${i}`, agent_type: step.agent } : {};
      const r = hook(root, repo, env, 'PreToolUse', { ...common, ...sub, hook_event_name: 'PreToolUse', tool_name: step.tool, tool_input: input, tool_use_id: `toolu_demo_${i}` });
      const out = r.stdout.trim() ? (JSON.parse(r.stdout) as { hookSpecificOutput?: { permissionDecision?: 'deny' | 'ask'; permissionDecisionReason?: string } }) : {};
      const decision = r.status === 2 ? 'deny' : (out.hookSpecificOutput?.permissionDecision ?? 'allow');
      const reason = r.status === 2 ? r.stderr.trim() : (out.hookSpecificOutput?.permissionDecisionReason ?? '');
      if (decision === 'allow' && step.apply) writeFileSync(join(repo, step.apply.path), step.apply.content);
      results.push({ step, decision, reason, ok: decision === step.expect });
      const who = step.agent ?? 'lead';
      const what = step.tool === 'Bash' ? String(step.input['command']) : `${step.tool} ${String(step.input['file_path'] ?? step.input['path'] ?? '')}`;
      log(`${color(decision)} ${bold(who.padEnd(17))} ${what}`);
      log(`      ${step.title}${decision === step.expect ? '' : `  <-- expected ${step.expect}!`}`);
      if (reason) log(`      → ${reason}`);
    }
    // The lead breaks add() and claims success without running anything: bosun runs the check itself.
    const { edit, message } = DEMO_FALSE_CLAIM;
    writeFileSync(join(repo, edit.path), edit.content);
    hook(root, repo, env, 'PostToolUse', { ...common, hook_event_name: 'PostToolUse', tool_name: 'Write', tool_input: { file_path: join(repo, edit.path), content: edit.content }, tool_response: {} });
    const stop = hook(root, repo, env, 'Stop', { ...common, hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: message });
    const block = stop.stdout.trim() ? (JSON.parse(stop.stdout) as { decision?: string; reason?: string }) : {};
    const stopOk = block.decision === 'block';
    log(`${process.stdout.isTTY ? '\x1b[31mBLOCK\x1b[0m' : 'BLOCK'} ${bold('lead'.padEnd(17))} Stop: "${message}"`);
    log(`      lead broke add() and claims success without running the tests; bosun runs \`npm test\` itself${stopOk ? '' : '  <-- expected a block!'}`);
    if (block.reason) log(block.reason.split('\n').filter((l) => !/^\s{4}/.test(l) || /fail|not ok/i.test(l)).slice(0, 8).map((l) => `      → ${l}`).join('\n'));

    const dirs = findRepoDirs(repo);
    const ledger = openLedger({ commonDir: dirs!.commonDir, readonly: true });
    const s = ledger.summary({ session });
    ledger.close();
    const bad = results.filter((r) => !r.ok);
    if (!memoryOk) bad.push({ step: { title: 'the SessionStart hook injects the project lessons', tool: 'SessionStart', input: {}, expect: 'allow' }, decision: 'deny', reason: lesson.stderr + start.stderr, ok: false });
    if (!stopOk) bad.push({ step: { title: 'a false claim at Stop is blocked', tool: 'Stop', input: {}, expect: 'deny' }, decision: 'allow', reason: stop.stderr, ok: false });
    if (values.json) {
      process.stdout.write(JSON.stringify({ repo, results: results.map((r) => ({ title: r.step.title, agent: r.step.agent ?? 'lead', tool: r.step.tool, decision: r.decision, expected: r.step.expect, reason: r.reason })), stop: { message, blocked: stopOk, reason: block.reason ?? null }, memory: { lesson: lessonText, injected: memoryOk, contextChars: context.length }, ledger: s }, null, 2) + '\n');
    } else {
      log(`\nLedger (${join(dirs!.commonDir, 'bosun', 'ledger.db')}): ${s.total} tool calls decided — ${s.allow} allowed, ${s.deny} denied, ${s.ask} asked.`);
      log(`By rule: ${Object.entries(s.byRule).map(([k, v]) => `${k} ${v}`).join(', ')}`);
      log(bad.length === 0 ? `Every decision was as expected.` : `${bad.length} decision(s) differed from what the demo expects: this is a bug in bosun.`);
      if (values.keep) log(`\nThe repository is kept at ${repo}. Try: cd ${repo} && bosun log`);
    }
    return bad.length === 0 ? EXIT.ok : EXIT.failure;
  } finally {
    if (!values.keep) rmSync(base, { recursive: true, force: true });
  }
}
