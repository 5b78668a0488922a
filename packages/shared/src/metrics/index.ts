export * from './drivers.ts';
export * from './format.ts';
export * from './formula.ts';
export * from './launch-gate.ts';
export * from './math.ts';
export * from './outcomes.ts';
export * from './sample-rows.ts';
export * from './targets.ts';
