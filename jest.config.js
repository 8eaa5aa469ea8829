/** Three tiers, by file name: *.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts. */
const moduleNameMapper = {
  '^@cosinum/event-store/testing$': '<rootDir>/libs/event-store/testing',
  '^@cosinum/(.*)$': '<rootDir>/libs/$1/src',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', isolatedModules: true }],
};
const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  moduleNameMapper,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  ...extra,
});

module.exports = {
  projects: [
    project('unit', ['<rootDir>/{apps,libs}/**/*.unit.spec.ts']),
    project('int', ['<rootDir>/{apps,libs}/**/*.int.spec.ts']),
    project('e2e', ['<rootDir>/test/**/*.e2e.spec.ts']),
  ],
};
