import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/** The libraries that sit above core and registry in the package graph (see ARCHITECTURE.md). */
const libraries = ['core', 'registry', 'inference', 'metrics', 'datasets', 'testing', 'anndata'];

const NO_VSCODE = { group: ['vscode'], message: 'Libraries never import vscode; only apps/vscode does.' };
const NO_APPS = {
  group: ['**/apps/**', '@latentkit/cli', '@latentkit/cli/*', 'latentkit-vscode', 'latentkit-vscode/*'],
  message: 'Nothing in packages/ imports from apps/.',
};
const NO_INFERENCE = {
  group: ['@latentkit/inference', '@latentkit/inference/*'],
  message: 'Models never import @latentkit/inference: they expose terms through the registry contract.',
};
const NO_APP = {
  group: ['@latentkit/app', '@latentkit/app/*'],
  message: 'Only apps/* import @latentkit/app (and @latentkit/study, beside it at the app level): the plugin packages and libraries sit below it.',
};
/** Packages at the application level: they may import `@latentkit/app` (never commander or vscode). */
const APP_LEVEL = ['app', 'study'];
const NO_QUEUE = {
  group: ['bullmq', 'bullmq/*', 'ioredis', 'ioredis/*'],
  message: "No library imports BullMQ or ioredis: the job queue is the CLI's transport (apps/cli/src/queue/); jobs are plain JSON.",
};
const NO_UI = {
  group: ['commander', 'commander/*'],
  message: '@latentkit/app is shared by the CLI and the extension: it never imports commander (or vscode).',
};
const NO_MODELS = { group: ['@latentkit/models-*'], message: 'Inference never imports a specific model.' };
const below = (pkg) => ({
  group: libraries
    .filter((l) => l !== pkg && !(pkg === 'registry' && l === 'core'))
    .flatMap((l) => [`@latentkit/${l}`, `@latentkit/${l}/*`])
    .concat(['@latentkit/models-*']),
  message: `@latentkit/${pkg} sits below the other packages and may not import them.`,
});

/**
 * Every import boundary that applies to a file of `packages/<pkg>`, composed into one list. ESLint replaces (does not
 * merge) a rule's options when two config blocks match a file, so each file must be matched by exactly one block that
 * carries all of its restrictions. Tests of models may import engines (to fit), and tests of core and registry may
 * import the packages above them; no file in packages/ may import vscode or an app. `@latentkit/app` may import the
 * plugin packages but not commander; no other package (tests included) may import `@latentkit/app`, except
 * `@latentkit/study`, which runs fits with it; no package imports BullMQ (the CLI's queue transport).
 */
export function boundaryPatterns(pkg, { test }) {
  const patterns = [NO_VSCODE, NO_APPS, NO_QUEUE, APP_LEVEL.includes(pkg) ? NO_UI : NO_APP];
  if (pkg.startsWith('models-') && !test) patterns.push(NO_INFERENCE);
  if (pkg === 'inference') patterns.push(NO_MODELS);
  if ((pkg === 'core' || pkg === 'registry') && !test) patterns.push(below(pkg));
  return patterns;
}

const restrict = (patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

/** Import rules that keep the package graph one-way: one block per package and file kind, so they compose. */
const boundaries = [
  ...packages.flatMap((pkg) => [
    { files: [`packages/${pkg}/**/*.ts`], ignores: ['**/*.test.ts'], rules: restrict(boundaryPatterns(pkg, { test: false })) },
    { files: [`packages/${pkg}/**/*.test.ts`], rules: restrict(boundaryPatterns(pkg, { test: true })) },
  ]),
  {
    files: ['apps/cli/**/*.ts'],
    rules: restrict([{ group: ['vscode'], message: 'Only apps/vscode imports vscode.' }]),
  },
  {
    files: ['examples/**/*.ts'],
    rules: restrict([{ group: ['vscode'], message: 'Only apps/vscode imports vscode.' }, NO_APP]),
  },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'tooling/reference/**', '**/*.d.ts', 'latentkit-report/**', 'docs/api/**', '.tmp/**'] },
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
