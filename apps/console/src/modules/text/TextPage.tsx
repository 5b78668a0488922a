import { Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { DiscoveryPanel } from './DiscoveryPanel.tsx';
import { OverviewPanel } from './OverviewPanel.tsx';
import { defaultFilters, FilterBar, type TextFilters } from './shared.tsx';
import { TaxonomyPanel } from './TaxonomyPanel.tsx';

/** Text analytics: what customers write about (topics × sentiment), the taxonomy, and discovery. */
export function TextPage() {
  const { t } = useTranslation('text');
  const me = useMe();
  const { tz } = useTenantTime();
  // A link may open the page filtered and drilled into a topic's comments (the home page's rising-topic card:
  // ?orgUnitId=&days=7&topicId=&sentiment=negative).
  const [params] = useSearchParams();
  const [filters, setFilters] = useState<TextFilters>(() => ({
    ...defaultFilters(tz),
    ...(params.get('orgUnitId') ? { orgUnitId: params.get('orgUnitId')! } : {}),
    ...(Number(params.get('days')) > 0 ? { days: Math.min(366, Number(params.get('days'))) } : {}),
  }));
  const sentiment = (['negative', 'neutral', 'positive'] as const).find((x) => x === params.get('sentiment'));
  const topicId = params.get('topicId');
  const drill = topicId ? { topicId, sentiment } : undefined;
  const [tab, setTab] = useState('overview');
  return (
    <div>
      <Typography.Title level={4}>{t('title')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          {
            key: 'overview',
            label: t('overview'),
            children: (
              <>
                <FilterBar value={filters} onChange={setFilters} />
                <OverviewPanel filters={filters} initialDrill={drill} onFilters={setFilters} />
              </>
            ),
          },
          { key: 'taxonomy', label: t('taxonomy'), children: <TaxonomyPanel /> },
          ...(me.can('text.write') ? [{ key: 'discovery', label: t('discovery'), children: <DiscoveryPanel /> }] : []),
        ]}
      />
    </div>
  );
}
