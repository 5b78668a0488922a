import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Drawer, Form, Grid, Input, InputNumber, Row, Select, Space, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useBlueprint, useBlueprints } from '../blueprints/api.ts';
import { type Checklist, type ChecklistInput, ITEM_EVIDENCE, ITEM_SEVERITIES, useSaveChecklist } from './api.ts';

interface ItemRow {
  code: string;
  text: string;
  textEn?: string;
  severity: 'fatal' | 'general';
  weight: number;
  evidence: 'none' | 'photo' | 'note';
  section?: string;
  nodeId?: string | null;
}
interface FormValues {
  name: string;
  description?: string;
  blueprintId?: string | null;
  unitKinds: string[];
  items: ItemRow[];
}

const UNIT_KINDS = ['hq', 'region', 'city', 'store', 'department'] as const;
const blankItem = (n: number): ItemRow => ({
  code: `Q${n}`,
  text: '',
  severity: 'general',
  weight: 1,
  evidence: 'none',
});

const toForm = (c: Checklist): FormValues => ({
  name: c.name,
  description: c.description ?? undefined,
  blueprintId: c.blueprintId ?? undefined,
  unitKinds: c.unitKinds,
  items: c.items.map((i) => ({
    code: i.code,
    text: i.text,
    textEn: i.textEn ?? undefined,
    severity: i.severity,
    weight: i.weight,
    evidence: i.evidence,
    section: i.section ?? undefined,
    nodeId: i.nodeId ?? undefined,
  })),
});

/**
 * Empty optional strings are left out (the contract refuses an empty `textEn` or `section`); a cleared blueprint is
 * null on an edit (detach) and left out on a new checklist.
 */
const toBody = (v: FormValues, editing: boolean): ChecklistInput => ({
  name: v.name,
  ...(v.description ? { description: v.description } : {}),
  ...(v.blueprintId ? { blueprintId: v.blueprintId } : editing ? { blueprintId: null } : {}),
  unitKinds: v.unitKinds ?? [],
  items: v.items.map((i) => ({
    code: i.code.trim(),
    text: i.text,
    ...(i.textEn?.trim() ? { textEn: i.textEn } : {}),
    severity: i.severity,
    weight: i.weight,
    evidence: i.evidence,
    ...(i.section?.trim() ? { section: i.section } : {}),
    ...(v.blueprintId && i.nodeId ? { nodeId: i.nodeId } : {}),
  })),
});

/**
 * The blueprint select's options: the tenant's blueprints, those of the checklist's journey first (a checklist
 * usually checks its own journey's process), each with its journey's name.
 */
function useBlueprintOptions(journeyId: string | null, lang: string) {
  const list = useBlueprints(false);
  return [...(list.data ?? [])]
    .sort((a, b) => Number(b.journeyId === journeyId) - Number(a.journeyId === journeyId))
    .map((b) => ({
      value: b.id,
      label: `${(lang.startsWith('en') && b.nameEn) || b.name} · ${b.journeyName}`,
    }));
}

/** Creates or edits a checklist: its name, the unit kinds it applies to and its items (one card per item). */
export function ChecklistDrawer({ checklist, onClose }: { checklist: Checklist | 'new' | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('quality');
  const { message } = App.useApp();
  const phone = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<FormValues>();
  useEffect(() => {
    if (!checklist) return;
    form.resetFields();
    form.setFieldsValue(
      checklist === 'new' ? { name: '', unitKinds: ['store'], items: [blankItem(1)] } : toForm(checklist),
    );
  }, [checklist, form]);
  const save = useSaveChecklist({
    onSuccess: () => {
      message.success(t('core:common.saved'));
      onClose();
    },
    onError: (err) => {
      form.setFields(formErrors(err) as never);
      message.error(err.message);
    },
  });
  const editing = checklist && checklist !== 'new' ? checklist : null;
  const blueprintOptions = useBlueprintOptions(editing?.journeyId ?? null, i18n.language);
  const blueprintId = Form.useWatch('blueprintId', form) ?? undefined;
  // The nodes of the chosen blueprint's current version (the server checks item nodes against it).
  const blueprint = useBlueprint(blueprintId, undefined);
  const nodeOptions = (blueprint.data?.nodes ?? []).map((n) => ({
    value: n.id,
    label: (i18n.language.startsWith('en') && n.labelEn) || n.label,
  }));
  return (
    <Drawer
      open={!!checklist}
      onClose={onClose}
      width={phone ? '100%' : 880}
      title={
        // One line: a long checklist name must not run under the save button on a phone.
        <Typography.Text ellipsis style={{ display: 'block' }}>
          {editing ? t('cl.edit', { name: editing.name }) : t('cl.new')}
        </Typography.Text>
      }
      forceRender
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="checklist-save">
          {t('core:common.save')}
        </Button>
      }
    >
      {editing && editing.auditCount > 0 && (
        <Card size="small" style={{ marginBottom: 12 }}>
          {t('cl.versionNote', { version: editing.version })}
        </Card>
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={(v) => save.mutate({ id: editing?.id, body: toBody(v, !!editing) })}
        onValuesChange={(changed: Partial<FormValues>) => {
          // Another blueprint has other nodes: the items' nodes no longer apply.
          if ('blueprintId' in changed)
            form.setFieldValue(
              'items',
              (form.getFieldValue('items') as ItemRow[]).map((i) => ({ ...i, nodeId: undefined })),
            );
        }}
      >
        <Form.Item name="name" label={t('cl.name')} rules={[{ required: true, max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('cl.description')} rules={[{ max: 2000 }]}>
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>
        <Form.Item name="unitKinds" label={t('cl.unitKinds')} extra={t('cl.unitKindsHelp')}>
          <Select
            mode="multiple"
            allowClear
            options={UNIT_KINDS.map((k) => ({ value: k, label: t(`core:kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="blueprintId" label={t('cl.blueprint')} extra={t('cl.blueprintHelp')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            placeholder={t('cl.noBlueprint')}
            options={blueprintOptions}
            data-testid="checklist-blueprint"
          />
        </Form.Item>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }} size={8}>
              {fields.map((f, n) => (
                <Card
                  key={f.key}
                  size="small"
                  data-testid="checklist-item"
                  title={t('cl.itemN', { n: n + 1 })}
                  extra={
                    fields.length > 1 && (
                      <Button
                        size="small"
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label={t('cl.removeItem')}
                        onClick={() => remove(f.name)}
                      />
                    )
                  }
                  styles={{ body: { paddingBottom: 0 } }}
                >
                  <Row gutter={8}>
                    <Col xs={12} md={4}>
                      <Form.Item
                        name={[f.name, 'code']}
                        label={t('cl.code')}
                        rules={[
                          { required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/, message: t('cl.codeRule') },
                        ]}
                      >
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item name={[f.name, 'section']} label={t('cl.section')} rules={[{ max: 80 }]}>
                        <Input placeholder={t('cl.sectionHint')} />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item name={[f.name, 'severity']} label={t('cl.severity')} rules={[{ required: true }]}>
                        <Select
                          options={ITEM_SEVERITIES.map((s) => ({ value: s, label: t(`severity.${s}`) }))}
                          optionRender={(o) =>
                            o.value === 'fatal' ? <span style={{ color: '#cf1322' }}>{o.label}</span> : o.label
                          }
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={4}>
                      <Form.Item name={[f.name, 'weight']} label={t('cl.weight')} rules={[{ required: true }]}>
                        <InputNumber min={0.1} max={100} step={1} style={{ width: '100%' }} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item name={[f.name, 'evidence']} label={t('cl.evidence')}>
                        <Select options={ITEM_EVIDENCE.map((e) => ({ value: e, label: t(`evidence.${e}`) }))} />
                      </Form.Item>
                    </Col>
                    {blueprintId && (
                      <Col xs={24} md={12}>
                        <Form.Item name={[f.name, 'nodeId']} label={t('cl.node')}>
                          <Select
                            allowClear
                            showSearch
                            optionFilterProp="label"
                            loading={blueprint.isLoading}
                            options={nodeOptions}
                            data-testid="checklist-item-node"
                          />
                        </Form.Item>
                      </Col>
                    )}
                    <Col xs={24} md={12}>
                      <Form.Item name={[f.name, 'text']} label={t('cl.text')} rules={[{ required: true, max: 500 }]}>
                        <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={12}>
                      <Form.Item name={[f.name, 'textEn']} label={t('cl.textEn')} rules={[{ max: 500 }]}>
                        <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} />
                      </Form.Item>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add(blankItem(fields.length + 1))} block>
                {t('cl.addItem')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
