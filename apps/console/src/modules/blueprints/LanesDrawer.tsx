import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, List, Select, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTeams } from '../teams/api.ts';
import type { Blueprint, Drawing } from './api.ts';
import { useNames } from './names.ts';

/** Reorder, add and remove lanes (teams); a lane still holding nodes cannot be removed. Saving publishes. */
export function LanesDrawer({
  blueprint,
  drawing,
  open,
  saving,
  onClose,
  onSave,
}: {
  blueprint: Blueprint;
  drawing: Drawing;
  open: boolean;
  saving: boolean;
  onClose: () => void;
  onSave: (d: Drawing) => void;
}) {
  const { t } = useTranslation('blueprints');
  const names = useNames(blueprint);
  const phone = !Grid.useBreakpoint().md;
  const teams = useTeams();
  const [lanes, setLanes] = useState<string[] | null>(null);
  const current = lanes ?? drawing.lanes;
  const nameOf = (id: string) => {
    const team = teams.data?.find((x) => x.id === id) ?? blueprint.lanes.find((x) => x.id === id);
    return team ? names.pick({ name: team.name, nameEn: team.nameEn ?? null }) : id;
  };
  const move = (i: number, by: number) => {
    const next = [...current];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    setLanes(next);
  };
  const close = () => {
    setLanes(null);
    onClose();
  };
  return (
    <Drawer
      title={t('lane.manage')}
      open={open}
      onClose={close}
      width={phone ? '100%' : 420}
      extra={
        <Button
          type="primary"
          loading={saving}
          disabled={!lanes}
          onClick={() => {
            onSave({ ...drawing, lanes: current });
            setLanes(null);
          }}
        >
          {t('node.save')}
        </Button>
      }
    >
      <List
        dataSource={current}
        renderItem={(id, i) => {
          const used = drawing.nodes.some((n) => n.lane === id);
          return (
            <List.Item
              data-testid="bp-lane"
              actions={[
                <Button
                  key="up"
                  size="small"
                  icon={<ArrowUpOutlined />}
                  aria-label={t('lane.up')}
                  disabled={i === 0}
                  onClick={() => move(i, -1)}
                />,
                <Button
                  key="down"
                  size="small"
                  icon={<ArrowDownOutlined />}
                  aria-label={t('lane.down')}
                  disabled={i === current.length - 1}
                  onClick={() => move(i, 1)}
                />,
                <Tooltip key="rm" title={used ? t('lane.inUse') : t('lane.remove')}>
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('lane.remove')}
                    disabled={used}
                    onClick={() => setLanes(current.filter((x) => x !== id))}
                  />
                </Tooltip>,
              ]}
            >
              {nameOf(id)}
            </List.Item>
          );
        }}
      />
      <Space style={{ marginTop: 12 }}>
        <Select
          style={{ width: 240 }}
          placeholder={t('lane.add')}
          value={null}
          loading={teams.isLoading}
          options={(teams.data ?? [])
            .filter((x) => !current.includes(x.id))
            .map((x) => ({ value: x.id, label: names.pick({ name: x.name, nameEn: x.nameEn ?? null }) }))}
          onChange={(id: string) => setLanes([...current, id])}
        />
      </Space>
    </Drawer>
  );
}
