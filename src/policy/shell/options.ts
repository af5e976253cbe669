import { DYN } from './markers.ts';
import type { Arg } from './words.ts';

/** How one command's options look: which take a value. */
export interface OptSpec {
  /** Short options that take a value (`o` for `-o FILE`, `-oFILE`, `-xo FILE`). */
  short?: string;
  /** Long options (without `--`) that take a value (`--output FILE`, `--output=FILE`). */
  long?: readonly string[];
  /** Options end at the first operand (`timeout 5 cmd -x`: `-x` belongs to cmd). */
  stopAtOperand?: boolean;
  /** Short options whose value is optional and only attached (`-i.bak` for sed, `-S[key]`). */
  attachedOnly?: string;
  /** A single dash introduces long options (`find -name`, `-exec`): not parsed here. */
}

export interface Opt {
  /** `o` for `-o`, `output` for `--output`. */
  name: string;
  long: boolean;
  value?: Arg;
  /** The word the option came from. */
  arg: Arg;
}

export interface ParsedArgs {
  opts: Opt[];
  operands: Arg[];
  /** With `stopAtOperand`: the first operand and everything after it. */
  rest: Arg[];
}

/** The tail of a word from `start`: `--output=x` → `x`. */
export function sliceArg(a: Arg, start: number): Arg {
  const value = a.value.slice(start);
  return { ...a, value, display: a.dyn.length ? a.display : value, dyn: value.includes(DYN) ? a.dyn : [] };
}

export function parseOpts(args: readonly Arg[], spec: OptSpec): ParsedArgs {
  const out: ParsedArgs = { opts: [], operands: [], rest: [] };
  const short = spec.short ?? '';
  const long = spec.long ?? [];
  const attached = spec.attachedOnly ?? '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as Arg;
    const v = a.value;
    if (v === '--') {
      out.operands.push(...args.slice(i + 1));
      if (spec.stopAtOperand) out.rest = args.slice(i + 1);
      return out;
    }
    if (v.startsWith('--') && v.length > 2) {
      const eq = v.indexOf('=');
      const name = eq > 0 ? v.slice(2, eq) : v.slice(2);
      if (eq > 0) out.opts.push({ name, long: true, value: sliceArg(a, eq + 1), arg: a });
      else if (long.includes(name) && i + 1 < args.length) out.opts.push({ name, long: true, value: args[++i] as Arg, arg: a });
      else out.opts.push({ name, long: true, arg: a });
      continue;
    }
    if (v.startsWith('-') && v.length > 1) {
      for (let j = 1; j < v.length; j++) {
        const c = v[j] as string;
        if (attached.includes(c)) {
          out.opts.push({ name: c, long: false, ...(j + 1 < v.length ? { value: sliceArg(a, j + 1) } : {}), arg: a });
          break;
        }
        if (short.includes(c)) {
          if (j + 1 < v.length) out.opts.push({ name: c, long: false, value: sliceArg(a, j + 1), arg: a });
          else if (i + 1 < args.length) out.opts.push({ name: c, long: false, value: args[++i] as Arg, arg: a });
          else out.opts.push({ name: c, long: false, arg: a });
          break;
        }
        out.opts.push({ name: c, long: false, arg: a });
      }
      continue;
    }
    if (spec.stopAtOperand) {
      out.rest = args.slice(i);
      out.operands = [...out.rest];
      return out;
    }
    out.operands.push(a);
  }
  return out;
}

export function hasOpt(p: ParsedArgs, ...names: string[]): boolean {
  return p.opts.some((o) => names.includes(o.name));
}

/** The values of an option, in order (`-C a -C b` → [a, b]). */
export function optValues(p: ParsedArgs, ...names: string[]): Arg[] {
  return p.opts.filter((o) => names.includes(o.name) && o.value).map((o) => o.value as Arg);
}
