import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';

export interface Customer {
  id: string;
  displayName: string | null;
  attributes: Record<string, string | number | boolean>;
  tier: string | null;
  mergedInto: string | null;
  identities: Array<{ kind: 'member' | 'phone' | 'wechat_openid' | 'email'; display: string }>;
  tags: Array<{ tag: string; source: 'manual' | 'rule' }>;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
  createdAt: string;
  segments?: Array<{ id: string; name: string }>;
  merges?: Array<{ mergedId: string; mergedAt: string }>;
}

export interface Segment {
  id: string;
  name: string;
  description: string | null;
  definition: { match: 'all' | 'any'; conditions: Array<Record<string, unknown>> };
  memberCount: number | null;
  refreshedAt: string | null;
}

/** The tenant's tiers (scheme and counts) and saved segments, for filters. */
export function useTiers() {
  return useQuery({
    queryKey: ['customer-tiers'],
    queryFn: () =>
      api<{
        scheme: { tiers: Array<{ name: string; min: number }> } | null;
        counts: Array<{ tier: string | null; count: number }>;
      }>('customers/tiers'),
  });
}

export function useSegments() {
  return useQuery({
    queryKey: ['customer-segments'],
    queryFn: () => api<{ items: Segment[] }>('customers/segments').then((r) => r.items),
  });
}

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
