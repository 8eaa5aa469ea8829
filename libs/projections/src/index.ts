export * from './commitments.read-model';
export * from './board.queries';
export * from './projection-runner';
export * from './slippage.queries';
export * from './reminders.index';
export * from './board-cache';
