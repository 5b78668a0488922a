export * from './roles.ts';
export * from './org.ts';
export * from './surveys.ts';
export * from './survey/index.ts';
export * from './metrics/index.ts';
export * from './events.ts';
export * from './journeys.ts';
export * from './dashboards.ts';
