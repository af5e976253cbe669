// bosun/pure-core: the policy core takes time, environment and file contents as parameters.
// No fs, child_process or network modules, no process.env / process.cwd(), no Date.now() / new Date().
const BANNED_MODULES = /^(node:)?(fs|fs\/promises|child_process|net|http|https|os|dgram|worker_threads)$/;

export default {
  meta: {
    type: 'problem',
    docs: { description: 'keep pure modules free of IO, environment and clock' },
    schema: [],
    messages: {
      module: 'pure module may not import {{name}}: pass what you need in as a parameter.',
      global: 'pure module may not use {{name}}: pass it in as a parameter.',
    },
  },
  create(context) {
    return {
      ImportDeclaration(n) {
        if (BANNED_MODULES.test(n.source.value)) context.report({ node: n, messageId: 'module', data: { name: n.source.value } });
      },
      MemberExpression(n) {
        if (n.object.type === 'Identifier' && n.object.name === 'process' && n.property.type === 'Identifier' && ['env', 'cwd', 'argv', 'exit', 'stdout', 'stderr'].includes(n.property.name)) {
          context.report({ node: n, messageId: 'global', data: { name: `process.${n.property.name}` } });
        }
        if (n.object.type === 'Identifier' && n.object.name === 'Date' && n.property.type === 'Identifier' && n.property.name === 'now') {
          context.report({ node: n, messageId: 'global', data: { name: 'Date.now()' } });
        }
      },
      NewExpression(n) {
        if (n.callee.type === 'Identifier' && n.callee.name === 'Date' && n.arguments.length === 0) {
          context.report({ node: n, messageId: 'global', data: { name: 'new Date()' } });
        }
      },
    };
  },
};
