/** Three tiers, by file name: *.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts. */
const moduleNameMapper = {
  '^@cosinum/event-store/testing$': '<rootDir>/libs/event-store/testing',
  '^@cosinum/(.*)$': '<rootDir>/libs/$1/src',
};
// Some dependencies ship ESM only (content-disposition 3, under @fastify/static). Node 20 loads
// them with require(esm); Jest does not, so they are compiled to CommonJS like our sources.
const ESM_ONLY = ['content-disposition'];
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  [`node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
    'ts-jest',
    { tsconfig: { allowJs: true, module: 'commonjs', esModuleInterop: true } },
  ],
};
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  moduleNameMapper,
  transform,
  transformIgnorePatterns: [`node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  ...extra,
});

// Integration and end-to-end specs may wait up to 30 s (see the file).
const SLOW = '<rootDir>/test/support/slow-tier.ts';

module.exports = {
  projects: [
    project('unit', ['<rootDir>/{apps,libs,docker}/**/*.unit.spec.ts']),
    project('int', ['<rootDir>/{apps,libs}/**/*.int.spec.ts'], { setupFilesAfterEnv: [SLOW] }),
    project('e2e', ['<rootDir>/test/**/*.e2e.spec.ts'], { setupFilesAfterEnv: [SLOW] }),
  ],
};
