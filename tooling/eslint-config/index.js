import tseslint from 'typescript-eslint';

const libraries = ['core', 'registry', 'inference', 'metrics', 'datasets', 'testing'];

/** Import rules that keep the package graph one-way (see ARCHITECTURE.md). */
const boundaries = [
  {
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode'], message: 'Libraries never import vscode; only apps/vscode does.' },
            { group: ['**/apps/**', '@latentkit/cli', '@latentkit/vscode'], message: 'Nothing in packages/ imports from apps/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/models-*/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@latentkit/inference', '@latentkit/inference/*'],
              message: 'Models never import @latentkit/inference: they expose terms through the registry contract.',
            },
            { group: ['vscode'], message: 'Libraries never import vscode.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/inference/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['@latentkit/models-*'], message: 'Inference never imports a specific model.' }],
        },
      ],
    },
  },
  ...['core', 'registry'].map((pkg) => ({
    files: [`packages/${pkg}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: libraries
                .filter((l) => l !== pkg && !(pkg === 'registry' && l === 'core'))
                .map((l) => `@latentkit/${l}`)
                .concat(['@latentkit/models-*']),
              message: `@latentkit/${pkg} sits below the other packages and may not import them.`,
            },
          ],
        },
      ],
    },
  })),
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'tooling/reference/**', '**/*.d.ts', 'latentkit-report/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...boundaries,
);
