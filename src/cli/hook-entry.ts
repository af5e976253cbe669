// Bundle entry of dist/hook-main.cjs (started by dist/hook.cjs for every event but PreToolUse):
// evidence, stop verification, memory at session start, close-out.
import { handleEvent } from '../hooks/index.ts';
import { hookMain } from './hook-main.ts';

hookMain(handleEvent);
