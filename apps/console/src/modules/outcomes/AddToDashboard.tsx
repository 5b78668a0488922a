import type { TDashboardConfig, TOutcomeTile } from '@loopcx/shared';
import { App, Button, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../lib/api.ts';
import { useSaveDashboard, useSavedDashboards } from '../dashboards/api.ts';

/** Most X → O tiles a dashboard keeps (`ZDashboardConfig.outcomes`). */
const MAX_TILES = 4;

const sameTile = (a: TOutcomeTile, b: TOutcomeTile) =>
  a.metric === b.metric &&
  a.outcomeEventType === b.outcomeEventType &&
  a.outcome === b.outcome &&
  a.withinDays === b.withinDays &&
  (a.surveyId ?? null) === (b.surveyId ?? null);

/**
 * "Add to dashboard": appends the question just asked as an X → O tile to one of the caller's saved dashboards
 * (PATCH with its whole config, the tile list grown by one). A dashboard already holding the tile, or four tiles,
 * is not offered.
 */
export function AddToDashboard({ tile }: { tile: TOutcomeTile }) {
  const { t } = useTranslation('outcomes');
  const { message } = App.useApp();
  const dashboards = useSavedDashboards();
  const [id, setId] = useState<string | undefined>();
  const save = useSaveDashboard({
    onSuccess: (d) => {
      message.success(t('added', { name: d.name }));
      setId(undefined);
    },
    onError: (e) => message.error(e instanceof ApiError ? e.message : String(e)),
  });
  const mine = (dashboards.data ?? []).filter((d) => d.mine);
  const options = mine.map((d) => {
    const tiles = d.config.outcomes ?? [];
    const held = tiles.some((x) => sameTile(x, tile));
    return {
      value: d.id,
      label: held
        ? `${d.name} (${t('alreadyThere')})`
        : tiles.length >= MAX_TILES
          ? `${d.name} (${t('full')})`
          : d.name,
      disabled: held || tiles.length >= MAX_TILES,
    };
  });
  const add = () => {
    const d = mine.find((x) => x.id === id);
    if (!d) return;
    const { outcomes, ...rest } = d.config;
    const config = { ...rest, outcomes: [...(outcomes ?? []), tile] } as TDashboardConfig;
    save.mutate({ id: d.id, body: { config } });
  };
  return (
    <Space wrap data-testid="outcome-add-to-dashboard">
      <Select
        style={{ minWidth: 200 }}
        placeholder={mine.length ? t('pickDashboard') : t('noDashboards')}
        disabled={!mine.length}
        loading={dashboards.isLoading}
        value={id}
        onChange={setId}
        options={options}
        data-testid="outcome-dashboard"
      />
      <Button onClick={add} disabled={!id} loading={save.isPending} data-testid="outcome-add">
        {t('addToDashboard')}
      </Button>
    </Space>
  );
}
