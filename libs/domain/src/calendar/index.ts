export * from './calendar-date';
export * from './day-numbers';
