export * from './specification';
export * from './commitment.fixtures';
export * from './catalogue.fixtures';
export * from './status.fixtures';
