import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Input, InputNumber, List, Popconfirm, Row, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formErrors } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useDeleteSegment, useSaveSegment, useSegmentPreview, useSegments, useTiers } from './api.ts';

type Condition = Record<string, unknown> & { kind: string };
interface Draft {
  id?: string;
  name: string;
  description?: string;
  definition: { match: 'all' | 'any'; conditions: Condition[] };
}

const KINDS = ['tier', 'tag', 'events', 'npsGroup', 'attribute', 'identity'] as const;
const DEFAULTS: Record<string, Condition> = {
  tier: { kind: 'tier', tiers: [] },
  tag: { kind: 'tag', tag: '', present: true },
  events: { kind: 'events', eventType: 'order.completed', fn: 'count', windowDays: 90, op: 'gte', value: 1 },
  npsGroup: { kind: 'npsGroup', groups: ['detractor'] },
  attribute: { kind: 'attribute', key: '', op: 'eq', value: '' },
  identity: { kind: 'identity', identityKind: 'phone', present: true },
};
const EMPTY: Draft = { name: '', definition: { match: 'all', conditions: [DEFAULTS.events] } };

/** Segments: a filter builder with a live count, saved segments with their member counts. */
export function SegmentsPage() {
  const { t } = useTranslation('customers');
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const segments = useSegments();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const canWrite = me.can('customers.write');
  const save = useSaveSegment({
    onSuccess: (s) => {
      message.success(t('saved'));
      setDraft({
        id: s.id,
        name: s.name,
        description: s.description ?? undefined,
        definition: s.definition as Draft['definition'],
      });
    },
    onError: (err) =>
      message.error(
        [err.message, ...formErrors(err).map((f) => `${f.name.join('.')}: ${f.errors.join(', ')}`)].join(' — '),
      ),
  });
  const remove = useDeleteSegment({ onSuccess: () => setDraft(EMPTY) });
  return (
    <div>
      <Typography.Title level={4}>{t('segmentsTitle')}</Typography.Title>
      <Row gutter={[12, 12]}>
        <Col xs={24} md={8}>
          <Card
            size="small"
            extra={
              canWrite && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setDraft(EMPTY)}>
                  {t('newSegment')}
                </Button>
              )
            }
          >
            <List
              loading={segments.isLoading}
              dataSource={segments.data ?? []}
              renderItem={(s) => (
                <List.Item
                  style={{ cursor: 'pointer', background: draft.id === s.id ? '#e6f4ff' : undefined }}
                  onClick={() =>
                    setDraft({
                      id: s.id,
                      name: s.name,
                      description: s.description ?? undefined,
                      definition: s.definition as Draft['definition'],
                    })
                  }
                  actions={[
                    <a
                      key="m"
                      onClick={(e) => {
                        e.stopPropagation();
                        navigate(`/customers?segmentId=${s.id}`);
                      }}
                    >
                      {t('viewMembers')}
                    </a>,
                  ]}
                >
                  <List.Item.Meta title={s.name} description={`${t('members')}: ${s.memberCount ?? '—'}`} />
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} md={16}>
          <Card size="small">
            <SegmentBuilder key={draft.id ?? 'new'} draft={draft} onChange={setDraft} />
            <Space style={{ marginTop: 12 }} wrap>
              <Input
                placeholder={t('segmentName')}
                value={draft.name}
                maxLength={100}
                onChange={(e) => setDraft({ ...draft, name: e.target.value })}
                style={{ width: 260 }}
                data-testid="segment-name"
              />
              <Input
                placeholder={t('description')}
                value={draft.description}
                maxLength={1000}
                onChange={(e) => setDraft({ ...draft, description: e.target.value })}
                style={{ width: 260 }}
              />
              {canWrite && (
                <Button
                  type="primary"
                  disabled={!draft.name.trim()}
                  loading={save.isPending}
                  onClick={() => save.mutate(draft)}
                >
                  {t('save')}
                </Button>
              )}
              {canWrite && draft.id && (
                <Popconfirm title={t('delConfirm')} onConfirm={() => remove.mutate(draft.id!)}>
                  <Button danger>{t('del')}</Button>
                </Popconfirm>
              )}
            </Space>
          </Card>
        </Col>
      </Row>
    </div>
  );
}

/** The filter builder: match all/any of conditions, each edited by kind, with a debounced live preview count. */
function SegmentBuilder({ draft, onChange }: { draft: Draft; onChange: (d: Draft) => void }) {
  const { t } = useTranslation('customers');
  const tiers = useTiers();
  const def = draft.definition;
  const [debounced, setDebounced] = useState(JSON.stringify(def));
  useEffect(() => {
    const h = window.setTimeout(() => setDebounced(JSON.stringify(def)), 300);
    return () => window.clearTimeout(h);
  }, [def]);
  const preview = useSegmentPreview(debounced);
  const setCond = (i: number, c: Condition) =>
    onChange({ ...draft, definition: { ...def, conditions: def.conditions.map((x, n) => (n === i ? c : x)) } });
  const tierOptions = (tiers.data?.scheme?.tiers ?? []).map((x) => ({ value: x.name, label: x.name }));
  const opOptions = (ops: string[]) => ops.map((o) => ({ value: o, label: t(`op.${o}`) }));
  return (
    <div>
      <Space wrap style={{ marginBottom: 8 }}>
        {t('match')}
        <Select
          value={def.match}
          onChange={(m) => onChange({ ...draft, definition: { ...def, match: m } })}
          options={[
            { value: 'all', label: t('all') },
            { value: 'any', label: t('any') },
          ]}
          style={{ width: 140 }}
        />
        <Typography.Text strong data-testid="segment-preview" type={preview.isError ? 'danger' : undefined}>
          {preview.data
            ? t('preview', { count: preview.data.count, total: preview.data.total })
            : preview.isError
              ? (preview.error as Error).message
              : '…'}
        </Typography.Text>
      </Space>
      {def.conditions.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no id; the position is their identity while edited
        <Space key={i} wrap style={{ display: 'flex', marginBottom: 8 }}>
          <Select
            value={c.kind}
            style={{ width: 150 }}
            onChange={(k) => setCond(i, DEFAULTS[k])}
            options={KINDS.map((k) => ({ value: k, label: t(`cond.${k}`) }))}
          />
          {c.kind === 'tier' && (
            <Select
              mode="multiple"
              style={{ minWidth: 200 }}
              value={c.tiers as string[]}
              onChange={(v) => setCond(i, { ...c, tiers: v })}
              options={tierOptions}
            />
          )}
          {c.kind === 'tag' && (
            <>
              <Select
                value={c.present !== false}
                onChange={(v) => setCond(i, { ...c, present: v })}
                options={[
                  { value: true, label: t('has') },
                  { value: false, label: t('hasNot') },
                ]}
                style={{ width: 90 }}
              />
              <Input
                value={String(c.tag ?? '')}
                onChange={(e) => setCond(i, { ...c, tag: e.target.value })}
                style={{ width: 140 }}
                placeholder={t('tag')}
              />
            </>
          )}
          {c.kind === 'identity' && (
            <>
              <Select
                value={c.present !== false}
                onChange={(v) => setCond(i, { ...c, present: v })}
                options={[
                  { value: true, label: t('has') },
                  { value: false, label: t('hasNot') },
                ]}
                style={{ width: 90 }}
              />
              <Select
                value={c.identityKind as string}
                onChange={(v) => setCond(i, { ...c, identityKind: v })}
                options={['member', 'phone', 'wechat_openid', 'email'].map((k) => ({
                  value: k,
                  label: t(`kind.${k}`),
                }))}
                style={{ width: 140 }}
              />
            </>
          )}
          {c.kind === 'npsGroup' && (
            <Select
              mode="multiple"
              style={{ minWidth: 220 }}
              value={c.groups as string[]}
              onChange={(v) => setCond(i, { ...c, groups: v })}
              options={['promoter', 'passive', 'detractor'].map((g) => ({ value: g, label: t(`tl.nps.${g}`) }))}
            />
          )}
          {c.kind === 'events' && (
            <>
              <Input
                value={String(c.eventType)}
                onChange={(e) => setCond(i, { ...c, eventType: e.target.value })}
                style={{ width: 160 }}
                placeholder={t('eventType')}
              />
              <Select
                value={c.fn as string}
                onChange={(v) => setCond(i, { ...c, fn: v })}
                options={['count', 'sum'].map((f) => ({ value: f, label: t(`fn.${f}`) }))}
                style={{ width: 110 }}
              />
              <InputNumber
                addonBefore={t('windowDays')}
                min={1}
                max={3660}
                value={c.windowDays as number}
                onChange={(v) => setCond(i, { ...c, windowDays: v ?? 90 })}
                style={{ width: 170 }}
              />
              <Select
                value={c.op as string}
                onChange={(v) => setCond(i, { ...c, op: v })}
                options={opOptions(['gte', 'gt', 'eq', 'lt', 'lte'])}
                style={{ width: 90 }}
              />
              <InputNumber
                value={c.value as number}
                onChange={(v) => setCond(i, { ...c, value: v ?? 0 })}
                style={{ width: 100 }}
              />
            </>
          )}
          {c.kind === 'attribute' && (
            <>
              <Input
                value={String(c.key)}
                onChange={(e) => setCond(i, { ...c, key: e.target.value })}
                style={{ width: 120 }}
                placeholder={t('key')}
              />
              <Select
                value={c.op as string}
                onChange={(v) =>
                  setCond(i, { ...c, op: v, ...(v === 'exists' || v === 'missing' ? { value: undefined } : {}) })
                }
                options={opOptions(['eq', 'neq', 'contains', 'gt', 'gte', 'lt', 'lte', 'exists', 'missing'])}
                style={{ width: 110 }}
              />
              {c.op !== 'exists' && c.op !== 'missing' && (
                <Input
                  value={c.value === undefined ? '' : String(c.value)}
                  onChange={(e) => {
                    const raw = e.target.value;
                    const numeric =
                      ['gt', 'gte', 'lt', 'lte'].includes(String(c.op)) &&
                      raw.trim() !== '' &&
                      !Number.isNaN(Number(raw));
                    setCond(i, { ...c, value: numeric ? Number(raw) : raw });
                  }}
                  style={{ width: 140 }}
                  placeholder={t('value')}
                />
              )}
            </>
          )}
          <Button
            icon={<DeleteOutlined />}
            disabled={def.conditions.length === 1}
            onClick={() =>
              onChange({ ...draft, definition: { ...def, conditions: def.conditions.filter((_, n) => n !== i) } })
            }
          />
        </Space>
      ))}
      <Button
        icon={<PlusOutlined />}
        disabled={def.conditions.length >= 20}
        onClick={() => onChange({ ...draft, definition: { ...def, conditions: [...def.conditions, DEFAULTS.tag] } })}
      >
        {t('addCondition')}
      </Button>
    </div>
  );
}
