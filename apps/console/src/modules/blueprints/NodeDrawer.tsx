import { MinusCircleOutlined } from '@ant-design/icons';
import { Button, Drawer, Form, Grid, Input, Popconfirm, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useJourneys } from '../journeys/api.ts';
import { type Blueprint, type BlueprintNode, type Drawing, NODE_KINDS, STAGES } from './api.ts';
import { useNames } from './names.ts';

interface Values {
  id: string;
  kind: BlueprintNode['kind'];
  label: string;
  labelEn?: string;
  stage: BlueprintNode['stage'];
  lane: string;
  after: string;
  responsible?: string;
  accountable?: string;
  consulted: string[];
  informed: string[];
  touchpointIds: string[];
  eventTypes: string[];
  next: Array<{ to: string; label?: string }>;
}

const FIRST = '__first__';

/** The drawing with `v` written in (replacing `editing`, or added), placed after `v.after`, with its arrows out. */
function withNode(d: Drawing, editing: BlueprintNode | null, v: Values): Drawing {
  const node: BlueprintNode = {
    id: v.id,
    kind: v.kind,
    label: v.label,
    labelEn: v.labelEn || null,
    stage: v.stage,
    lane: v.lane,
    raci: {
      responsible: v.responsible ?? null,
      accountable: v.accountable ?? null,
      consulted: v.consulted ?? [],
      informed: v.informed ?? [],
    },
    touchpointIds: v.touchpointIds ?? [],
    eventTypes: v.eventTypes ?? [],
  };
  const rest = d.nodes.filter((n) => n.id !== editing?.id);
  const at = v.after === FIRST ? 0 : rest.findIndex((n) => n.id === v.after) + 1;
  const nodes = [...rest.slice(0, at), node, ...rest.slice(at)];
  // Arrows into a renamed node follow it; arrows out are the form's.
  const edges = d.edges
    .filter((e) => e.from !== editing?.id)
    .map((e) => (editing && e.to === editing.id ? { ...e, to: v.id } : e))
    .concat((v.next ?? []).filter((x) => x?.to).map((x) => ({ from: v.id, to: x.to, label: x.label || null })));
  return { lanes: d.lanes, nodes, edges };
}

/** The drawing without a node and the arrows touching it. */
export const withoutNode = (d: Drawing, id: string): Drawing => ({
  lanes: d.lanes,
  nodes: d.nodes.filter((n) => n.id !== id),
  edges: d.edges.filter((e) => e.from !== id && e.to !== id),
});

/**
 * Add or edit a node through a form — kind, labels, stage, lane, place in the order, RACI, touchpoints of the
 * journey, event types and the arrows leading on — and publish the drawing with it as the next version.
 */
export function NodeDrawer({
  blueprint,
  drawing,
  editing,
  open,
  saving,
  onClose,
  onSave,
  parties,
}: {
  blueprint: Blueprint;
  drawing: Drawing;
  editing: BlueprintNode | null;
  open: boolean;
  saving: boolean;
  onClose: () => void;
  onSave: (d: Drawing) => void;
  parties: Array<{ value: string; label: string }>;
}) {
  const { t } = useTranslation('blueprints');
  const names = useNames(blueprint);
  const phone = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<Values>();
  const journeys = useJourneys('all');
  const touchpoints =
    journeys.data
      ?.find((j) => j.id === blueprint.journeyId)
      ?.stages.flatMap((s) => s.touchpoints)
      .map((tp) => ({ value: tp.id, label: names.pick(tp) })) ?? [];
  const others = drawing.nodes.filter((n) => n.id !== editing?.id);

  // The drawer's content mounts afresh on each opening (destroyOnHidden), so these are read once per opening.
  const initial: Partial<Values> = editing
    ? {
        ...editing,
        labelEn: editing.labelEn ?? undefined,
        after: (() => {
          const i = drawing.nodes.findIndex((n) => n.id === editing.id);
          return i > 0 ? drawing.nodes[i - 1].id : FIRST;
        })(),
        responsible: editing.raci.responsible ?? undefined,
        accountable: editing.raci.accountable ?? undefined,
        consulted: editing.raci.consulted,
        informed: editing.raci.informed,
        next: drawing.edges
          .filter((e) => e.from === editing.id)
          .map((e) => ({ to: e.to, label: e.label ?? undefined })),
      }
    : {
        id: `n${drawing.nodes.length + 1}`,
        kind: 'step',
        stage: 'front',
        lane: drawing.lanes[0],
        after: others.filter((n) => n.kind !== 'end').at(-1)?.id ?? FIRST,
        consulted: [],
        informed: [],
        touchpointIds: [],
        eventTypes: [],
        next: [],
      };

  const nodeOptions = others.map((n) => ({ value: n.id, label: names.label(n) }));
  const laneOptions = blueprint.lanes.map((l) => ({ value: l.id, label: names.pick(l) }));
  return (
    <Drawer
      title={editing ? t('node.edit') : t('node.add')}
      open={open}
      onClose={onClose}
      width={phone ? '100%' : 520}
      destroyOnHidden
      extra={
        <Space>
          {editing && (
            <Popconfirm title={t('node.removeConfirm')} onConfirm={() => onSave(withoutNode(drawing, editing.id))}>
              <Button danger>{t('node.remove')}</Button>
            </Popconfirm>
          )}
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="bp-node-save">
            {t('node.save')}
          </Button>
        </Space>
      }
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => onSave(withNode(drawing, editing, v))}
      >
        <Space wrap>
          <Form.Item
            name="id"
            label={t('node.id')}
            tooltip={t('node.idHelp')}
            rules={[{ required: true, pattern: /^[a-z][a-z0-9_-]{0,39}$/, message: t('node.idHelp') }]}
          >
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="kind" label={t('node.kind')} style={{ minWidth: 120 }}>
            <Select options={NODE_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          </Form.Item>
        </Space>
        <Form.Item name="label" label={t('node.label')} rules={[{ required: true, max: 80 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="labelEn" label={t('node.labelEn')} rules={[{ max: 80 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="stage" label={t('node.stage')} rules={[{ required: true }]}>
          <Select options={STAGES.map((s) => ({ value: s, label: t(`stage.${s}`) }))} />
        </Form.Item>
        <Form.Item name="lane" label={t('node.lane')} rules={[{ required: true }]}>
          <Select options={laneOptions} />
        </Form.Item>
        <Form.Item name="after" label={t('node.after')}>
          <Select options={[{ value: FIRST, label: t('node.first') }, ...nodeOptions]} />
        </Form.Item>
        <Form.Item name="responsible" label={t('raci.responsible')}>
          <Select allowClear showSearch optionFilterProp="label" options={parties} />
        </Form.Item>
        <Form.Item name="accountable" label={t('raci.accountable')}>
          <Select allowClear showSearch optionFilterProp="label" options={parties} />
        </Form.Item>
        <Form.Item name="consulted" label={t('raci.consulted')}>
          <Select mode="multiple" optionFilterProp="label" options={parties} />
        </Form.Item>
        <Form.Item name="informed" label={t('raci.informed')}>
          <Select mode="multiple" optionFilterProp="label" options={parties} />
        </Form.Item>
        <Form.Item name="touchpointIds" label={t('touchpoints')}>
          <Select mode="multiple" optionFilterProp="label" options={touchpoints} loading={journeys.isLoading} />
        </Form.Item>
        <Form.Item name="eventTypes" label={t('eventTypes')}>
          <Select mode="tags" tokenSeparators={[',', ' ']} />
        </Form.Item>
        <Form.List name="next">
          {(fields, { add, remove }) => (
            <Form.Item label={t('node.next')}>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'to']} rules={[{ required: true }]}>
                    <Select style={{ width: 200 }} options={nodeOptions} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'label']} rules={[{ max: 40 }]}>
                    <Input placeholder={t('node.branch')} style={{ width: 140 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" onClick={() => add({ to: undefined })} block>
                {t('node.addNext')}
              </Button>
            </Form.Item>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
