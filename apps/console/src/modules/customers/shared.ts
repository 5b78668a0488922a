import type { Customer } from './api.ts';

/** A profile's best label: its name, else its first member id, else its first identity. */
export function customerLabel(c: Pick<Customer, 'displayName' | 'identities' | 'id'>): string {
  return (
    c.displayName ??
    c.identities.find((i) => i.kind === 'member')?.display ??
    c.identities[0]?.display ??
    c.id.slice(0, 8)
  );
}

export const TIER_COLOR: Record<string, string> = {
  diamond: 'purple',
  platinum: 'geekblue',
  gold: 'gold',
  silver: 'cyan',
  regular: 'default',
};
