export * from './replay';
export * from './csv';
export * from './board-export';
export * from './trail-export';
