// bosun/dependency-direction: cli, dash, adapters -> domains -> shared (DESIGN.md "Layout").
// A domain reaches another domain only through its index.ts; nothing imports cli/; domains and
// shared never import adapters/ or dash/.
import { dirname, relative, resolve, sep } from 'node:path';

const OUTER = new Set(['cli', 'dash', 'adapters']);
const SHARED = 'shared';

function layerOf(srcRoot, file) {
  const rel = relative(srcRoot, file);
  if (rel.startsWith('..')) return null;
  const [top, ...rest] = rel.split(sep);
  return { top, rest: rest.join('/') };
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'enforce the dependency direction between src/ folders' },
    schema: [],
    messages: {
      intoCli: '{{from}}/ may not import cli/ ({{spec}}): only the CLI composes commands.',
      outward: '{{from}}/ is a domain or shared code and may not import {{to}}/ ({{spec}}): dependencies point cli/adapters -> domains -> shared.',
      sharedUp: 'shared/ holds no domain knowledge and may import only shared/ ({{spec}}).',
      notIndex: 'import the {{to}} domain through {{to}}/index.ts, not {{spec}}: a domain reaches another only through its index.',
    },
  },
  create(context) {
    const file = context.filename ?? context.getFilename();
    const srcRoot = resolve(context.cwd ?? process.cwd(), 'src');
    const from = layerOf(srcRoot, file);
    if (!from || from.rest === '') return {};
    function check(node, spec) {
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = layerOf(srcRoot, resolve(dirname(file), spec));
      if (!target || target.top === from.top) return;
      const data = { from: from.top, to: target.top, spec };
      if (target.top === 'cli') return context.report({ node, messageId: 'intoCli', data });
      if (from.top === SHARED) return context.report({ node, messageId: 'sharedUp', data });
      if (!OUTER.has(from.top) && OUTER.has(target.top)) return context.report({ node, messageId: 'outward', data });
      if (target.top !== SHARED && !OUTER.has(target.top) && target.rest !== 'index.ts') {
        return context.report({ node, messageId: 'notIndex', data });
      }
    }
    return {
      ImportDeclaration: (n) => check(n.source, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n.source, n.source.value),
      ExportAllDeclaration: (n) => check(n.source, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source, n.source.value),
    };
  },
};
