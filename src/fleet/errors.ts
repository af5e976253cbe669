/** The fleet's expected errors: stable codes, a message naming the file, a hint with the next step. */
import { BosunError } from '../shared/errors.ts';
import { EXIT } from '../shared/exit-codes.ts';
import { formatIssues } from './format.ts';
import type { FleetIssue } from './issues.ts';

export function fleetMissing(file: string): BosunError {
  return new BosunError({
    code: 'E_FLEET_MISSING',
    message: `no fleet file at ${file}`,
    hint: 'Run `bosun init` to write a starter fleet, or pass --file with the path of yours.',
    exitCode: EXIT.config,
  });
}

export function fleetUnreadable(file: string, reason: string): BosunError {
  return new BosunError({
    code: 'E_FLEET_UNREADABLE',
    message: `cannot read the fleet file ${file}: ${reason}`,
    hint: 'Check that the path is a readable file.',
    exitCode: EXIT.config,
  });
}

export function fleetInvalid(file: string, issues: FleetIssue[]): BosunError {
  return new BosunError({
    code: 'E_FLEET_INVALID',
    message: `invalid fleet file ${file}:\n${formatIssues(issues)}`,
    hint: 'Fix the problems above, then check with `bosun fleet validate`.',
    exitCode: EXIT.config,
    details: issues,
  });
}
