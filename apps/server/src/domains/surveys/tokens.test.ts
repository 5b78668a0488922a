import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signSurveyToken, verifySurveyToken } from './tokens.ts';

const secret = 'unit-test-secret';

describe('survey tokens', () => {
  it('round-trips every claim combination', () => {
    const full = {
      tenantId: randomUUID(),
      surveyId: randomUUID(),
      orgUnitId: randomUUID(),
      touchpointId: randomUUID(),
      invitationId: randomUUID(),
      expiresAt: new Date('2027-01-01T00:00:00Z'),
    };
    expect(verifySurveyToken(secret, signSurveyToken(secret, full))).toEqual(full);
    const anon = { tenantId: randomUUID(), surveyId: randomUUID() };
    const token = signSurveyToken(secret, anon);
    expect(verifySurveyToken(secret, token)).toEqual(anon);
    expect(token.length).toBeLessThan(70);
  });

  it('refuses tampered, truncated, re-signed and garbage tokens', () => {
    const token = signSurveyToken(secret, { tenantId: randomUUID(), surveyId: randomUUID(), orgUnitId: randomUUID() });
    const raw = Buffer.from(token, 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const t = Buffer.from(raw);
      t[i] ^= 0x01;
      expect(verifySurveyToken(secret, t.toString('base64url'))).toBeNull();
    }
    expect(verifySurveyToken(secret, token.slice(0, -2))).toBeNull();
    expect(verifySurveyToken('another-secret', token)).toBeNull();
    for (const bad of ['', 'abc', '<script>', "' OR 1=1 --", 'x'.repeat(500), `${token}=`])
      expect(verifySurveyToken(secret, bad)).toBeNull();
  });
});
