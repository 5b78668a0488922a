import { maskContactPhone, parseContactPhone } from '@loopcx/shared';
import type { InvalidParam } from '../../platform/errors.ts';
import { seal } from '../../platform/seal.ts';

/** The seal purpose of call-back phone numbers (`platform/seal.ts`); the tickets and customers domains open it. */
export const CONTACT_PHONE_SEAL = 'contact-phone';

/** What a response keeps of a call-back phone: `context.contact.phone`. */
export interface ContactPhone {
  /** 138****8000, shown to everyone who may read the response or its ticket. */
  display: string;
  /** The number sealed under the server secret (`platform/seal.ts`), opened for a call-back by those who work the ticket. */
  sealed: string;
}

/**
 * A respondent who agrees to be contacted leaves a phone number in a contact question (`text`, `inputType: "tel"`,
 * usually shown only when a consent question is answered yes). The number never reaches the database in clear:
 * it is validated (mainland mobile or E.164; a 422 on the question otherwise), the answer keeps the masked form,
 * and the response's context carries the masked and sealed forms, from which the alert path copies it onto the
 * ticket and the customers domain makes it a hashed identity. Only the first contact question answered counts.
 */
export function protectContactPhones(
  secret: string,
  tenantId: string,
  names: string[],
  answers: Record<string, unknown>,
  context: Record<string, unknown> | null,
): { errors: InvalidParam[]; answers: Record<string, unknown>; context: Record<string, unknown> | null } {
  const errors: InvalidParam[] = [];
  let phone: ContactPhone | undefined;
  let out = answers;
  for (const name of names) {
    const raw = answers[name];
    if (raw === undefined) continue;
    const p = parseContactPhone(String(raw));
    if (!p) {
      errors.push({
        name: `answers.${name}`,
        reason: 'a mobile number (11 digits) or an international number starting with +',
      });
      continue;
    }
    out = { ...out, [name]: maskContactPhone(p) };
    phone ??= { display: maskContactPhone(p), sealed: seal(secret, CONTACT_PHONE_SEAL, tenantId, p) };
  }
  if (errors.length || !phone) return { errors, answers: out, context };
  return { errors, answers: out, context: { ...(context ?? {}), contact: { phone } } };
}
