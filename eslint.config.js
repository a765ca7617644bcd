import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'dist/**', 'test-results/**', 'bench/results/**', '.data/**', 'local/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Layers read schema -> core -> adapters -> runtimes: core holds domain logic and ports only.
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(@aws-sdk/|@aws-lambda-powertools/|grammy(/|$)|hono(/|$)|@hono/|bedrock-agentcore(/|$))', message: 'core/ holds domain logic and ports; put SDK code in adapters/.' },
          { regex: '(^|/)(adapters|handlers|agent|local|cli|infra|bench)/', message: 'core/ must not depend on adapters or runtimes; define a port in core/ instead.' },
        ],
      }],
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
