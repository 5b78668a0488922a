export * from './expression.ts';
export * from './lean.ts';
