export * from './expression.ts';
export * from './lean.ts';
export * from './phone.ts';
