import { seal, unseal } from '../../platform/seal.ts';

/** What an in-app complainant left so a reply can reach them. */
export interface ComplainantContact {
  email?: string;
  phone?: string;
}

/** The seal purpose of `feedback_items.contact_sealed` (the purpose is part of the key; platform/seal.ts). */
const CONTACT_SEAL = 'feedback-contact';

/** Seals a complainant's contact for `feedback_items.contact_sealed` (bound to the tenant). */
export const sealContact = (secret: string, tenantId: string, c: ComplainantContact) =>
  seal(secret, CONTACT_SEAL, tenantId, JSON.stringify(c));

/** Opens `contact_sealed`; undefined when absent or when it does not open (another secret, another tenant). */
export function openContact(secret: string, tenantId: string, sealed: string | null): ComplainantContact | undefined {
  if (!sealed) return undefined;
  const text = unseal(secret, CONTACT_SEAL, tenantId, sealed);
  if (!text) return undefined;
  try {
    const c = JSON.parse(text) as ComplainantContact;
    return {
      ...(typeof c.email === 'string' ? { email: c.email } : {}),
      ...(typeof c.phone === 'string' ? { phone: c.phone } : {}),
    };
  } catch {
    return undefined;
  }
}
