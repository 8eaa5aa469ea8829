export * from './clock';
export * from './tokens';
export * from './execute-command';
export * from './commands';
export * from './queries';
export * from './projection.service';
export * from './core.module';
export * from './open-event-store';
