export * from './expression.ts';
export * from './keys.ts';
export * from './lean.ts';
