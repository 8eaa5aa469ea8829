import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    // Integrity (hash chain, checkpoints, verification) rests on the event store alone.
    files: ['libs/integrity/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@cosinum/projections',
                '@cosinum/audit',
                '@cosinum/catalogue',
                '@cosinum/reminders',
                '@cosinum/application',
              ],
              message: 'libs/integrity depends only on @cosinum/event-store and node.',
            },
          ],
        },
      ],
    },
  },
  {
    // The application uses the hash chain, never the export code.
    files: ['libs/application/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@cosinum/audit'], message: 'Use @cosinum/integrity; exports live in apps.' },
          ],
        },
      ],
    },
  },
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
