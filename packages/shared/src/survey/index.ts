export * from './clean-html.ts';
export * from './condition-builder.ts';
export * from './expression.ts';
export * from './keys.ts';
export * from './lean.ts';
export * from './phone.ts';
export * from './questions.ts';
