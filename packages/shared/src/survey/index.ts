export * from './clean-html.ts';
export * from './expression.ts';
export * from './lean.ts';
