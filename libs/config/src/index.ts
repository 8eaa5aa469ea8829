// The public surface of @cosinum/config: what the other libraries, the apps, the tests and the
// benchmarks import. Anything else is internal to the library (imported there from its own file).
export { ConfigError, loadConfig, loadConfigOrExit, type AppConfig } from './app-config';
