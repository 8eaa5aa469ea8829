export * from './commitment.events';
export * from './commitment.commands';
export * from './commitment.errors';
export * from './commitment.state';
export * from './commitment.decide';
export * from './metric';

import { decide } from './commitment.decide';
import { evolve, initialState } from './commitment.state';

export const commitmentDecider = { decide, evolve, initialState };
export * from './text';
