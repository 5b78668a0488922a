import { Alert, App, Button, Drawer, Grid, Select, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useCanManageQa } from '../quality/present.tsx';
import { QualityTabs } from '../quality/QualityTabs.tsx';
import { useTeams } from '../teams/api.ts';
import { useUsers } from '../users/api.ts';
import { type Drawing, drawingOf, useBlueprint, useSaveBlueprint } from './api.ts';
import { BlueprintDiagram } from './BlueprintDiagram.tsx';
import { BlueprintSteps } from './BlueprintSteps.tsx';
import { LanesDrawer } from './LanesDrawer.tsx';
import { NodeDetails } from './NodeDetails.tsx';
import { NodeDrawer } from './NodeDrawer.tsx';
import { useNames } from './names.ts';

/**
 * One blueprint: the swimlane diagram (a step list on a phone), a version picker, a node's details on click, and —
 * for HQ on the current version — forms to add or edit nodes and arrange lanes, each save publishing a version.
 */
export function BlueprintPage() {
  const { id } = useParams();
  const { t } = useTranslation('blueprints');
  const { message } = App.useApp();
  const me = useMe();
  const phone = !Grid.useBreakpoint().md;
  const canManage = useCanManageQa();
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<'new' | string | null>(null);
  const [lanesOpen, setLanesOpen] = useState(false);
  const q = useBlueprint(id, version);
  const b = q.data;
  const names = useNames(b);
  const teams = useTeams();
  const users = useUsers('', { enabled: canManage && me.can('users.read') });
  const save = useSaveBlueprint({
    onSuccess: () => {
      message.success(t('saved'));
      setEditing(null);
      setLanesOpen(false);
      setSelected(null);
    },
    onError: (e) => message.error(e.message),
  });
  if (!b) return q.isLoading ? <Spin /> : <Alert type="error" message={q.error?.message} />;

  const past = b.version !== b.currentVersion;
  const editable = canManage && !past && !b.archived;
  const drawing = drawingOf(b);
  const publish = (d: Drawing) => save.mutate({ id: b.id, body: { ...d } });
  const node = b.nodes.find((n) => n.id === selected) ?? null;
  const parties = [
    ...(teams.data ?? []).map((x) => ({ value: x.id, label: names.pick({ name: x.name, nameEn: x.nameEn }) })),
    ...(users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
    // Parties already named whom the pickers above do not list (users for callers without users.read).
    ...b.parties
      .filter((p) => !teams.data?.some((x) => x.id === p.id) && !users.data?.some((u) => u.id === p.id))
      .map((p) => ({ value: p.id, label: names.pick(p) })),
  ];
  return (
    <div>
      <QualityTabs />
      <Space wrap style={{ marginBottom: 12 }} align="center">
        <Link to="/quality/blueprints">{t('back')}</Link>
        <Typography.Title level={5} style={{ margin: 0 }} data-testid="bp-title">
          {names.pick(b)}
        </Typography.Title>
        <Tag>{b.journeyName}</Tag>
        {b.archived && <Tag>{t('archived')}</Tag>}
        <Select
          data-testid="bp-version"
          value={b.version}
          style={{ width: 150 }}
          onChange={(v: number) => setVersion(v === b.currentVersion ? undefined : v)}
          options={b.versions
            .slice()
            .reverse()
            .map((v) => ({
              value: v.version,
              label: `${t('versionN', { n: v.version })}${v.version === b.currentVersion ? ` (${t('current')})` : ''} · ${v.createdAt.slice(0, 10)}`,
            }))}
        />
        {editable && (
          <>
            <Button type="primary" onClick={() => setEditing('new')} data-testid="bp-add-node">
              {t('node.add')}
            </Button>
            <Button onClick={() => setLanesOpen(true)}>{t('lane.manage')}</Button>
          </>
        )}
      </Space>
      {past && <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('oldVersion', { n: b.version })} />}
      {phone ? (
        <BlueprintSteps blueprint={b} onSelect={setSelected} />
      ) : (
        <BlueprintDiagram blueprint={b} selected={selected} onSelect={setSelected} />
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8 }}>
        {t('legend')}
      </Typography.Paragraph>
      <Drawer
        open={!!node && !editing}
        onClose={() => setSelected(null)}
        width={phone ? '100%' : 440}
        title={node ? t(`kind.${node.kind}`) : ''}
        extra={
          editable &&
          node && (
            <Button onClick={() => setEditing(node.id)} data-testid="bp-edit-node">
              {t('node.edit')}
            </Button>
          )
        }
      >
        {node && <NodeDetails blueprint={b} node={node} />}
      </Drawer>
      {editable && (
        <>
          <NodeDrawer
            blueprint={b}
            drawing={drawing}
            editing={editing && editing !== 'new' ? (b.nodes.find((n) => n.id === editing) ?? null) : null}
            open={!!editing}
            saving={save.isPending}
            onClose={() => setEditing(null)}
            onSave={publish}
            parties={parties}
          />
          <LanesDrawer
            blueprint={b}
            drawing={drawing}
            open={lanesOpen}
            saving={save.isPending}
            onClose={() => setLanesOpen(false)}
            onSave={publish}
          />
        </>
      )}
    </div>
  );
}
