import tseslint from 'typescript-eslint';
import dependencyDirection from './eslint-rules/dependency-direction.js';
import pureCore from './eslint-rules/pure-core.js';

const bosun = { rules: { 'dependency-direction': dependencyDirection, 'pure-core': pureCore } };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    plugins: { bosun },
    rules: {
      'bosun/dependency-direction': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: 'os', importNames: ['homedir'], message: 'homedir() only in src/cli (pass home in).' }] }],
    },
  },
  {
    files: ['src/policy/**/*.ts', 'src/verify/claims*.ts', 'src/verify/summaries*.ts', 'src/verify/check-match*.ts', 'src/verify/verdict.ts', 'src/memory/closeout/{mine,mine-context,mine-failures,mine-reverts,transcript,corrections,commands,checklist}.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'bosun/pure-core': 'error' },
  },
);
