// `bosun workspaces`: placeholder until its issue lands.
import { usageError } from '../../shared/errors.ts';

export async function run(_args: string[]): Promise<number> {
  throw usageError('workspaces: not implemented yet');
}
