/**
 * `extractTests(source, fileName)`: the tests of a JS/TS test file, found with TypeScript's parser. Pure.
 *
 * This module loads `typescript` (9 MB, see typescript.ts) when imported, so it is only ever imported
 * dynamically (`loadTestExtractor()`, collect.ts) and only when a sacred file's hash differs from the lock:
 * the pre-commit hook of an unchanged tree never loads it.
 *
 * Recognised: `test`/`it`/`specify` and `describe`/`suite`/`context` with `.skip/.only/.todo/.each/.concurrent
 * …` modifiers, `xit/xtest/fit/xdescribe/fdescribe`, `test.each(table)(name, fn)` and its tagged-template form,
 * node:test options (`{ skip: true }`, `{ todo }`, `{ only }`) and subtests (`t.test`), Playwright's
 * `test.describe` and `test.skip()`/`test.fixme()` inside a body, and skip calls in a body (`t.skip()`,
 * `this.skip()`). Names come from string and template literals; anything else is `<dynamic>`.
 */
import type TS from 'typescript';
import { ts } from './typescript.ts';
import { isParseable } from './test-files.ts';
import { MARKERS, type Marker, type SacredTest } from './types.ts';

const TEST_FNS = new Set(['test', 'it', 'specify']);
const SUITE_FNS = new Set(['describe', 'suite', 'context']);
const PREFIXED: Record<string, { suite: boolean; marker: Marker }> = {
  xit: { suite: false, marker: 'skip' },
  xtest: { suite: false, marker: 'skip' },
  xspecify: { suite: false, marker: 'skip' },
  fit: { suite: false, marker: 'only' },
  xdescribe: { suite: true, marker: 'skip' },
  xcontext: { suite: true, marker: 'skip' },
  xsuite: { suite: true, marker: 'skip' },
  fdescribe: { suite: true, marker: 'only' },
};
/** Modifiers between the base name and the call: the marker they add, or null. `skipIf`/`runIf` may skip. */
const MODIFIERS: Record<string, Marker | null> = {
  skip: 'skip',
  only: 'only',
  todo: 'todo',
  fixme: 'skip',
  skipIf: 'skip',
  runIf: 'skip',
  each: null,
  concurrent: null,
  sequential: null,
  serial: null,
  parallel: null,
  failing: null,
  fails: null,
  shuffle: null,
  describe: null,
};
/** Calls that return the registering function instead of registering: `test.each(table)` is not a test. */
const RETURNS_FUNCTION = new Set(['each', 'skipIf', 'runIf', 'for']);
const ASSERT_NAMES = new Set(['expect', 'assert', 'should', 'expectTypeOf', 'assertType']);
const ASSERT_MODULES = /^(node:)?assert(\/strict)?$|^power-assert$/;
const EXPECT_MODULES = new Set(['chai', 'vitest', '@jest/globals', 'bun:test', 'expect', '@playwright/test', 'node:test']);
const DYNAMIC = '<dynamic>';

function scriptKind(fileName: string): TS.ScriptKind {
  if (/\.tsx$/.test(fileName)) return ts.ScriptKind.TSX;
  if (/\.[cm]?ts$/.test(fileName)) return ts.ScriptKind.TS;
  if (/\.jsx$/.test(fileName)) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

interface Acc {
  name: string;
  assertions: number;
  markers: Set<Marker>;
}

interface Scope {
  suites: string[];
  /** Markers every test registered in this scope gets; a suite-level `test.skip()` adds to it. */
  markers: Set<Marker>;
  current: Acc | null;
  /** First parameters of the enclosing test callbacks (`t` in `test('x', (t) => …)`). */
  contexts: Set<string>;
}

/** The names along a callee: `test.skip.each(table)` → [test, skip, each]. Null when not a plain chain. */
function chainNames(expr: TS.Expression): string[] | null {
  if (ts.isIdentifier(expr)) return [expr.text];
  if (ts.isPropertyAccessExpression(expr)) {
    const left = chainNames(expr.expression);
    return left && [...left, expr.name.text];
  }
  if (ts.isCallExpression(expr)) return chainNames(expr.expression);
  if (ts.isTaggedTemplateExpression(expr)) return chainNames(expr.tag);
  if (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr)) return chainNames(expr.expression);
  if (expr.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  return null;
}

function literalName(arg: TS.Expression | undefined, sf: TS.SourceFile): string | null {
  if (!arg) return null;
  if (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) return arg.text;
  if (ts.isTemplateExpression(arg)) return arg.getText(sf).slice(1, -1);
  return null;
}

function isFunction(n: TS.Node | undefined): n is TS.ArrowFunction | TS.FunctionExpression {
  return !!n && (ts.isArrowFunction(n) || ts.isFunctionExpression(n));
}

/** A literal that leaves an option off: `false`, `0`, `''`, `null`, `undefined`. */
function isOff(e: TS.Expression): boolean {
  if (e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isIdentifier(e) && e.text === 'undefined') return true;
  if (ts.isNumericLiteral(e) && Number(e.text) === 0) return true;
  return ts.isStringLiteral(e) && e.text === '';
}

function optionMarkers(obj: TS.ObjectLiteralExpression): Marker[] {
  const out: Marker[] = [];
  for (const p of obj.properties) {
    const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : null;
    if (key !== 'skip' && key !== 'todo' && key !== 'only') continue;
    if (ts.isPropertyAssignment(p) && isOff(p.initializer)) continue;
    out.push(key);
  }
  return out;
}

interface Registration {
  suite: boolean;
  markers: Marker[];
}

/** Is `call` a test or suite registration? Null when it is anything else. */
function registration(call: TS.CallExpression, names: string[], scope: Scope): Registration | null {
  const [base, ...mods] = names;
  if (base === undefined) return null;
  const markers: Marker[] = [];
  let suite: boolean;
  if (TEST_FNS.has(base)) suite = false;
  else if (SUITE_FNS.has(base)) suite = true;
  else if (PREFIXED[base]) {
    suite = PREFIXED[base].suite;
    markers.push(PREFIXED[base].marker);
  } else if (scope.contexts.has(base) && (mods[0] === 'test' || mods[0] === 'it')) {
    suite = false; // node:test subtest: t.test('name', fn)
    mods.shift();
  } else return null;
  for (const m of mods) {
    if (!(m in MODIFIERS)) return null; // test.beforeEach, test.step, describe.configure …
    if (m === 'describe') suite = true;
    const marker = MODIFIERS[m];
    if (marker) markers.push(marker);
  }
  const last = mods[mods.length - 1];
  if (last !== undefined && RETURNS_FUNCTION.has(last) && !isRegisteringCall(call)) return null;
  return { suite, markers };
}

/** `test.each(table)` only returns the registering function; `test.each(table)('name', fn)` registers. */
function isRegisteringCall(call: TS.CallExpression): boolean {
  return ts.isCallExpression(call.expression) || ts.isTaggedTemplateExpression(call.expression);
}

/** Is this call the end of an assertion chain (`expect(x).toBe(y)` counts once, at `.toBe`)? */
function isAssertion(call: TS.CallExpression, roots: Set<string>): boolean {
  const parent = call.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === call) return false;
  if (ts.isCallExpression(parent) && parent.expression === call) return false;
  const names: string[] = [];
  let e: TS.Expression = call.expression;
  for (;;) {
    if (ts.isPropertyAccessExpression(e)) {
      names.push(e.name.text);
      e = e.expression;
    } else if (ts.isCallExpression(e) || ts.isElementAccessExpression(e) || ts.isNonNullExpression(e) || ts.isParenthesizedExpression(e) || ts.isAwaitExpression(e)) {
      e = e.expression;
    } else break;
  }
  const root = ts.isIdentifier(e) ? e.text : e.kind === ts.SyntaxKind.ThisKeyword ? 'this' : null;
  if (root !== null && (roots.has(root) || /^(?:expect|assert)[A-Z_]/.test(root))) return true;
  // t.assert.equal, sinon.assert.calledOnce, chai.expect(x).to…, x.should.equal(1), supertest's .expect(200)
  return names.some((n) => n === 'assert' || n === 'should' || n === 'expect');
}

/** A skip inside a body: `t.skip()`, `t.todo()`, `this.skip()`, `ctx.skip()`, Playwright's `test.skip(cond)`. */
function bodyMarker(call: TS.CallExpression, names: string[], scope: Scope): Marker | null {
  if (names.length !== 2) return null;
  const [base, method] = names as [string, string];
  const marker = method === 'skip' ? 'skip' : method === 'todo' ? 'todo' : method === 'fixme' ? 'skip' : null;
  if (!marker) return null;
  if (scope.contexts.has(base) || base === 'this') return marker;
  // Playwright: test.skip() / test.skip(cond, reason) / test.fixme() — not a registration (no name first)
  if (TEST_FNS.has(base) && literalName(call.arguments[0], call.getSourceFile()) === null && !isFunction(call.arguments[1])) return marker;
  return null;
}

/** Local names bound to assertion functions by imports and requires (`import { equal } from 'node:assert'`). */
function assertionRoots(sf: TS.SourceFile): Set<string> {
  const roots = new Set(ASSERT_NAMES);
  const bind = (module: string, imported: string | null, local: string): void => {
    if (ASSERT_MODULES.test(module)) roots.add(local);
    else if (EXPECT_MODULES.has(module) && imported !== null && ASSERT_NAMES.has(imported)) roots.add(local);
  };
  const visit = (n: TS.Node): void => {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) {
      const mod = n.moduleSpecifier.text;
      const clause = n.importClause;
      if (clause?.name) bind(mod, null, clause.name.text);
      const nb = clause?.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) bind(mod, null, nb.name.text);
      if (nb && ts.isNamedImports(nb)) for (const s of nb.elements) bind(mod, (s.propertyName ?? s.name).text, s.name.text);
      return;
    }
    if (ts.isVariableDeclaration(n) && n.initializer && ts.isCallExpression(n.initializer)) {
      const c = n.initializer;
      const arg = c.arguments[0];
      if (ts.isIdentifier(c.expression) && c.expression.text === 'require' && arg && ts.isStringLiteral(arg)) {
        if (ts.isIdentifier(n.name)) bind(arg.text, null, n.name.text);
        else if (ts.isObjectBindingPattern(n.name)) {
          for (const el of n.name.elements) {
            if (!ts.isIdentifier(el.name)) continue;
            const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
            bind(arg.text, imported, el.name.text);
          }
        }
      }
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return roots;
}

function sortedMarkers(set: Iterable<Marker>): Marker[] {
  const s = new Set(set);
  return MARKERS.filter((m) => s.has(m));
}

export function extractTests(source: string, fileName: string): SacredTest[] {
  if (!isParseable(fileName)) return [];
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const roots = assertionRoots(sf);
  const found: Acc[] = [];

  const visitChildren = (n: TS.Node, scope: Scope): void => ts.forEachChild(n, (c) => visit(c, scope));

  const register = (call: TS.CallExpression, reg: Registration, scope: Scope): void => {
    const args = [...call.arguments];
    const first = args[0];
    let name = literalName(first, sf);
    if (name === null) name = isFunction(first) && ts.isFunctionExpression(first) && first.name ? first.name.text : DYNAMIC;
    const markers = new Set<Marker>([...scope.markers, ...reg.markers]);
    let body: TS.ArrowFunction | TS.FunctionExpression | undefined;
    for (const a of args) {
      if (ts.isObjectLiteralExpression(a)) for (const m of optionMarkers(a)) markers.add(m);
      else if (!body && isFunction(a)) body = a;
    }
    for (const a of args) if (a !== body && !ts.isObjectLiteralExpression(a)) visit(a, scope);
    visitChildren(call.expression, scope);
    if (reg.suite) {
      const inner: Scope = { suites: [...scope.suites, name], markers, current: null, contexts: scope.contexts };
      if (body) visitChildren(body, inner);
      return;
    }
    const acc: Acc = { name: [...scope.suites, name].join(' > '), assertions: 0, markers };
    found.push(acc);
    if (!body) return;
    const param = body.parameters[0];
    const contexts = param && ts.isIdentifier(param.name) ? new Set([...scope.contexts, param.name.text]) : scope.contexts;
    visitChildren(body, { suites: [...scope.suites, name], markers: new Set(markers), current: acc, contexts });
  };

  const visit = (n: TS.Node, scope: Scope): void => {
    if (ts.isCallExpression(n)) {
      const names = chainNames(n.expression);
      if (names) {
        const marker = bodyMarker(n, names, scope);
        if (marker) {
          (scope.current?.markers ?? scope.markers).add(marker);
          visitChildren(n, scope);
          return;
        }
        const reg = registration(n, names, scope);
        if (reg) {
          register(n, reg, scope);
          return;
        }
      }
      if (scope.current && isAssertion(n, roots)) scope.current.assertions++;
    }
    visitChildren(n, scope);
  };

  visitChildren(sf, { suites: [], markers: new Set(), current: null, contexts: new Set() });
  return found.map((a) => ({ name: a.name, assertions: a.assertions, markers: sortedMarkers(a.markers) }));
}
