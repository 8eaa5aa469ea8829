import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** What each library may import of ours (the domain has its own, stricter rule below). */
const LAYER_IMPORTS = {
  reminders: [
    'application',
    'presentation',
    'projections',
    'integrity',
    'domain',
    'event-store',
    'config',
  ],
  catalogue: ['application', 'presentation', 'projections', 'domain', 'event-store', 'config'],
  audit: ['presentation', 'projections', 'integrity', 'domain', 'event-store', 'config'],
  application: ['projections', 'integrity', 'domain', 'event-store', 'config'],
  presentation: ['projections', 'integrity', 'domain', 'event-store', 'config'],
  projections: ['domain', 'event-store', 'config'],
  integrity: ['event-store'],
  'event-store': [],
  config: [],
};
const LIBRARIES = [...Object.keys(LAYER_IMPORTS), 'domain'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // The domain stays pure: no Nest, no I/O, no clock of its own.
      'no-restricted-syntax': 'off',
    },
  },
  {
    files: ['libs/domain/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['@nestjs/*', 'node:*', 'fs', 'better-sqlite3', '@cosinum/*'] },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date']",
          message: 'No new Date() in the domain: time comes in on the command.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'No Date.now() in the domain.',
        },
      ],
    },
  },
  // The layers (README, "Architecture"): a library imports only from the rows below its own.
  ...Object.entries(LAYER_IMPORTS).map(([library, allowed]) => ({
    files: [`libs/${library}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: LIBRARIES.filter((l) => l !== library && !allowed.includes(l)).map(
                (l) => `@cosinum/${l}`,
              ),
              message: `libs/${library} may import only ${allowed.map((l) => `@cosinum/${l}`).join(', ') || 'no library of ours'} (README, "Architecture").`,
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
