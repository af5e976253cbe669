/**
 * `readJsConfig(source, fileName)`: what a JS/TS config file (jest.config.ts, vitest.config.mjs,
 * .mocharc.cjs …) exports, read statically with TypeScript's parser. Literals, object and array literals,
 * top-level `const` bindings, spreads of those, `defineConfig(…)`, `satisfies`/`as`, and config functions
 * that return an object are followed; anything else is `Opaque`. Pure.
 *
 * Loads `typescript` when imported: only ever imported dynamically (collect.ts), when the runner changed.
 */
import type TS from 'typescript';
import { ts } from '../typescript.ts';
import { opaque, type StaticValue } from './static-value.ts';

const WRAPPER_CALLS = new Set(['defineConfig', 'defineProject', 'defineWorkspace']);
const MAX_DEPTH = 20;

function kindOf(fileName: string): TS.ScriptKind {
  return /\.[cm]?ts$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

function keyText(name: TS.PropertyName): string | null {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return null;
}

export function readJsConfig(source: string, fileName: string): StaticValue {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, kindOf(fileName));
  const consts = new Map<string, TS.Expression>();
  let exported: TS.Expression | null = null;

  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) {
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) consts.set(d.name.text, d.initializer);
    } else if (ts.isExportAssignment(st)) {
      exported = st.expression;
    } else if (ts.isExpressionStatement(st) && ts.isBinaryExpression(st.expression) && st.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = st.expression.left.getText(sf);
      if (left === 'module.exports' || left === 'exports.default') exported = st.expression.right;
    }
  }
  if (!exported) return opaque('<no static export>');

  const text = (e: TS.Node): string => e.getText(sf);

  const evaluate = (e: TS.Expression, depth: number): StaticValue => {
    if (depth > MAX_DEPTH) return opaque(text(e));
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isNonNullExpression(e) || ts.isAwaitExpression(e)) {
      return evaluate(e.expression, depth + 1);
    }
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isNumericLiteral(e)) return Number(e.text);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (e.kind === ts.SyntaxKind.NullKeyword) return null;
    if (ts.isIdentifier(e)) {
      if (e.text === 'undefined') return null;
      const init = consts.get(e.text);
      return init ? evaluate(init, depth + 1) : opaque(e.text);
    }
    if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && WRAPPER_CALLS.has(e.expression.text) && e.arguments[0]) {
      return evaluate(e.arguments[0], depth + 1);
    }
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) {
      if (ts.isArrowFunction(e) && !ts.isBlock(e.body)) return evaluate(e.body, depth + 1);
      const body = e.body as TS.Block;
      const last = body.statements[body.statements.length - 1];
      const onlyReturn = body.statements.every((s) => ts.isVariableStatement(s) || s === last) && last && ts.isReturnStatement(last) && last.expression;
      return onlyReturn ? evaluate(last.expression!, depth + 1) : opaque(text(e));
    }
    if (ts.isArrayLiteralExpression(e)) {
      const out: StaticValue[] = [];
      for (const el of e.elements) {
        if (ts.isSpreadElement(el)) {
          const v = evaluate(el.expression, depth + 1);
          if (Array.isArray(v)) out.push(...v);
          else out.push(opaque(text(el.expression)));
        } else out.push(evaluate(el, depth + 1));
      }
      return out;
    }
    if (ts.isObjectLiteralExpression(e)) {
      const o: Record<string, StaticValue> = {};
      let open = false;
      for (const p of e.properties) {
        if (ts.isSpreadAssignment(p)) {
          const v = evaluate(p.expression, depth + 1);
          // An unresolved spread may override every key before it: forget them (lookups then say "unknown").
          if (typeof v === 'object' && v !== null && '$object' in v) {
            if (v.open) for (const k of Object.keys(o)) delete o[k];
            Object.assign(o, v.$object);
            open ||= v.open;
          } else {
            for (const k of Object.keys(o)) delete o[k];
            open = true;
          }
          continue;
        }
        const key = p.name ? keyText(p.name) : null;
        if (key === null) {
          for (const k of Object.keys(o)) delete o[k];
          open = true;
          continue;
        }
        if (ts.isPropertyAssignment(p)) o[key] = evaluate(p.initializer, depth + 1);
        else if (ts.isShorthandPropertyAssignment(p)) o[key] = evaluate(p.name, depth + 1);
        else o[key] = opaque(text(p));
      }
      return { $object: o, open };
    }
    return opaque(text(e));
  };

  return evaluate(exported, 0);
}
