import { archiveHandlers } from './commands-archives.ts';
import { miscHandlers } from './commands-misc.ts';
import { networkHandlers } from './commands-network.ts';
import { fallback, readOnlyHandlers } from './commands-readonly.ts';
import { writerHandlers } from './commands-writers.ts';
import { awk } from './awk.ts';
import { builtinHandlers } from './builtins.ts';
import { findHandlers } from './find.ts';
import { formatterHandlers } from './formatters.ts';
import { gitHandlers } from './git.ts';
import { interpreterFor, interpreterHandlers } from './interpreters.ts';
import { peel, type Handler } from './invocation.ts';
import { packageHandlers } from './packages.ts';
import { sed } from './sed.ts';
import { wrapperHandlers } from './wrappers.ts';

/** Every command bosun knows, by name. Anything else is `opaque` (see `fallback`). */
const HANDLERS = new Map<string, Handler>(
  Object.entries({
    ...readOnlyHandlers,
    ...writerHandlers,
    ...archiveHandlers,
    ...networkHandlers,
    ...miscHandlers,
    ...formatterHandlers,
    ...packageHandlers,
    ...interpreterHandlers,
    ...findHandlers,
    ...gitHandlers,
    ...wrapperHandlers,
    ...builtinHandlers,
    sed,
    gsed: sed,
    awk,
    gawk: awk,
    mawk: awk,
    nawk: awk,
    busybox: (inv, fx, rt) => {
      if (inv.args.length) peel(rt, fx, inv, inv.args, 'busybox', { inShell: false });
    },
  } satisfies Record<string, Handler>),
);

export function handlerFor(name: string): Handler {
  return HANDLERS.get(name) ?? interpreterFor(name) ?? fallback;
}
