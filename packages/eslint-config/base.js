// Shared lint rules for every TypeScript package: the recommended sets plus the few habits from STYLE.md
// that a linter can see (no floating promises is left to review; type-aware linting is too slow for 2 cores).
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Flat config for Node packages. */
export const base = tseslint.config(
  { ignores: ['dist/**', '.next/**', 'coverage/**', 'demo/**', 'test-results/**', 'next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
);

export default base;
