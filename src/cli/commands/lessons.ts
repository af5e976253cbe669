// `bosun lessons`: placeholder until its issue lands.
import { usageError } from '../../shared/errors.ts';

export async function run(_args: string[]): Promise<number> {
  throw usageError('lessons: not implemented yet');
}
