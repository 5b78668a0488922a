import type { TAttentionItem, THomeResponse, TMetricMove } from '@loopcx/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { api } from '../../lib/api.ts';

export type Home = THomeResponse;
export type Attention = TAttentionItem;
export type Move = TMetricMove;

/** Query keys of the home page: one view per language (the server localizes the cards). */
export const homeKeys = {
  all: ['home'] as const,
  view: (locale: string) => [...homeKeys.all, locale] as const,
};

/** The caller's home (GET /home): one request per view, refreshed every minute and on live ticket events. */
export function useHome(locale: string) {
  const lang = locale === 'en' ? 'en' : 'zh-CN';
  return useQuery({
    queryKey: homeKeys.view(lang),
    queryFn: () => api<Home>(`home?locale=${lang}`),
    refetchInterval: 60_000,
  });
}

/** Marks the home view stale (a live ticket or response event in scope). */
export function useRefreshHome() {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: homeKeys.all }), [queryClient]);
}
