export * from './condition-builder.ts';
export * from './expression.ts';
export * from './lean.ts';
export * from './questions.ts';
