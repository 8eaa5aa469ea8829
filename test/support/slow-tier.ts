/**
 * Integration and end-to-end specs start servers, processes and real files on shared 2-core
 * machines: a test may wait for those up to 30 s (a unit spec keeps Jest's 5 s). `testTimeout` in
 * a project's options is not read by Jest 30 (it is a global option), hence this set-up file.
 */
jest.setTimeout(30_000);
