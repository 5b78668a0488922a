import { expect } from 'vitest';
import type { Api, Ids } from './fixtures.ts';

/**
 * Next-best-action objects for one tenant (see `createObjects`): a rule that matches everyone with no holdout, and
 * the decision it makes for the fixtures' customer (addressed under that customer, who is the isolated object).
 */
export async function nbaFixtures(api: Api, tag: string, ids: Ids): Promise<void> {
  const rule = await api('POST', '/api/v1/nba/rules', {
    name: `nba ${tag}`,
    conditions: [],
    action: { type: 'offer', label: `offer ${tag}`, reasonCode: 'fixture' },
    holdoutPct: 0,
    outcome: { eventType: 'order.completed', withinDays: 14 },
  });
  expect(rule.statusCode, JSON.stringify(rule.json())).toBe(201);
  ids['/api/v1/nba/rules/{id}'] = rule.json().id;
  const customer = ids['/api/v1/customers/{id}'];
  const decided = await api('GET', `/api/v1/customers/${customer}/next-best-action`);
  expect(decided.json().decision?.arm).toBe('treatment');
  ids['/api/v1/customers/{id}/next-best-action/{decisionId}'] = decided.json().decision.id;
}
