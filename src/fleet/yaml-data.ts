/** Converts a free-form YAML mapping (`gates`, `deploy`) to JSON-safe plain data, reporting what JSON cannot hold. Pure. */
import { isMap, isScalar, isSeq } from 'yaml';
import type { JsonObject, JsonValue } from './types.ts';
import { INVALID, deref, describeNode, offsetOf, readKey, report, setKey, type At, type WalkContext } from './yaml-nodes.ts';

/** Aliases can expand a small file into a huge value ("billion laughs"); free-form data has no business being that big. */
const MAX_NODES = 10_000;

interface State {
  ctx: WalkContext;
  /** Nodes being converted, to catch an alias that refers to its own ancestor. */
  open: Set<unknown>;
  budget: number;
}

export function toPlainData(node: unknown, at: At, ctx: WalkContext): JsonObject | typeof INVALID {
  const state: State = { ctx, open: new Set(), budget: MAX_NODES };
  const v = convert(node, at, state);
  return v === INVALID || v === null || typeof v !== 'object' || Array.isArray(v) ? INVALID : v;
}

function convert(raw: unknown, at: At, state: State): JsonValue | typeof INVALID {
  const { ctx } = state;
  const node = deref(raw, ctx.doc);
  if (--state.budget < 0) {
    if (state.budget === -1) report(ctx, at, `too large: more than ${MAX_NODES} values (check for runaway aliases)`);
    return INVALID;
  }
  if (state.open.has(node)) {
    report(ctx, at, 'an alias here refers to a value that contains it');
    return INVALID;
  }
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    report(ctx, at, `unsupported value: ${describeNode(node)}`);
    return INVALID;
  }
  if (isSeq(node)) {
    state.open.add(node);
    const out: JsonValue[] = [];
    let ok = true;
    node.items.forEach((item, i) => {
      const v = convert(item, { path: [...at.path, i], offset: offsetOf(item, at.offset) }, state);
      if (v === INVALID) ok = false;
      else out.push(v);
    });
    state.open.delete(node);
    return ok ? out : INVALID;
  }
  if (isMap(node)) {
    state.open.add(node);
    const out: JsonObject = {};
    const seen = new Map<string, number>();
    let ok = true;
    for (const pair of node.items) {
      const key = readKey(pair, at, seen, ctx);
      const v = key ? convert(pair.value, { path: key.at.path, offset: offsetOf(pair.value, key.at.offset) }, state) : INVALID;
      if (!key || v === INVALID) ok = false;
      else setKey(out, key.name, v);
    }
    state.open.delete(node);
    return ok ? out : INVALID;
  }
  report(ctx, at, `unsupported value: ${describeNode(node)}`);
  return INVALID;
}
