import { createRequire } from 'node:module';
import type TreeSitter from 'tree-sitter';
import { nativeAddon } from '../../shared/native.ts';
import { loadTreeSitter } from './tree-sitter-load.ts';

/**
 * The tree-sitter bash parser, loaded once per process, and a plain JavaScript copy of each
 * syntax tree: reading nodes through the native binding costs more than building the copy once
 * with a cursor, and the walk reads most nodes several times.
 */

interface ParserLike {
  setLanguage(language: unknown): void;
  parse(input: string): TreeSitter.Tree;
}

let parser: ParserLike | undefined;

function getParser(): ParserLike {
  if (parser) return parser;
  const require = createRequire(import.meta.url);
  const Parser = loadTreeSitter() as new () => ParserLike;
  // The grammar's addon loaded by path: tree-sitter-bash's index.js also parses its 100 KB
  // node-types.json, which makes tree-sitter build a JavaScript class per node type (~10 ms a
  // process); the cursor-based copy below needs neither.
  const addon = nativeAddon('tree-sitter-bash', 'build/Release/tree_sitter_bash_binding.node', `prebuilds/${process.platform}-${process.arch}/tree-sitter-bash.node`);
  const language: unknown = addon ? require(addon) : require('tree-sitter-bash');
  const p = new Parser();
  p.setLanguage(language);
  parser = p;
  return p;
}

/** A syntax node: the subset of tree-sitter's SyntaxNode this module uses. */
export class Node {
  readonly children: Node[] = [];
  readonly fields: Array<string | null> = [];
  private cachedText: string | undefined;

  constructor(
    readonly type: string,
    readonly isNamed: boolean,
    /** Offsets into the source string (UTF-16 code units, as the node binding reports them). */
    readonly startIndex: number,
    readonly endIndex: number,
    private readonly source: string,
  ) {}

  get text(): string {
    this.cachedText ??= this.source.slice(this.startIndex, this.endIndex);
    return this.cachedText;
  }

  get namedChildren(): Node[] {
    return this.children.filter((c) => c.isNamed);
  }

  get childCount(): number {
    return this.children.length;
  }

  fieldNameForChild(i: number): string | null {
    return this.fields[i] ?? null;
  }

  childForFieldName(name: string): Node | null {
    const i = this.fields.indexOf(name);
    return i < 0 ? null : (this.children[i] ?? null);
  }

  childrenForFieldName(name: string): Node[] {
    return this.children.filter((_c, i) => this.fields[i] === name);
  }
}

export interface Parsed {
  root: Node;
  /** False when tree-sitter recovered from an error (ERROR or MISSING nodes anywhere). */
  ok: boolean;
}

export function parseBash(text: string): Parsed {
  const tree = getParser().parse(text);
  const c = tree.walk();
  const make = (): Node => new Node(c.nodeType, c.nodeIsNamed, c.startIndex, c.endIndex, text);
  const root = make();
  const stack: Node[] = [root];
  if (c.gotoFirstChild()) {
    for (;;) {
      const parent = stack[stack.length - 1] as Node;
      const n = make();
      parent.children.push(n);
      parent.fields.push(c.currentFieldName ?? null);
      if (c.gotoFirstChild()) {
        stack.push(n);
        continue;
      }
      let done = false;
      while (!c.gotoNextSibling()) {
        if (stack.length === 1 || !c.gotoParent()) {
          done = true;
          break;
        }
        stack.pop();
      }
      if (done) break;
    }
  }
  return { root, ok: !tree.rootNode.hasError };
}
