import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { TPanelPassRule } from '@loopcx/shared';
import { App, Button, Drawer, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formErrors } from '../../lib/api.ts';
import { useSurveys } from '../surveys/api.ts';
import { type TPanel, useSavePanel } from './api.ts';

interface PanelForm {
  name: string;
  description?: string;
  benefits?: string;
  screenerSurveyId?: string | null;
  ruleKind: TPanelPassRule['kind'];
  question?: string;
  anyOf?: string[];
  tiers: Array<{ name: string; minPoints: number }>;
  tag: string;
  status: 'open' | 'closed';
  recruitLimit?: number | null;
}

export function PanelDrawer({ panel, phone, onClose }: { panel: TPanel | null; phone: boolean; onClose: () => void }) {
  const { t } = useTranslation('panel');
  const { message } = App.useApp();
  const [form] = Form.useForm<PanelForm>();
  const surveys = useSurveys();
  const save = useSavePanel({
    onSuccess: () => {
      message.success(t('saved'));
      onClose();
    },
    onError: (err) => form.setFields(formErrors(err) as never),
  });
  const ruleKind = Form.useWatch('ruleKind', form);
  const initial: PanelForm = panel
    ? {
        name: panel.name,
        description: panel.description ?? undefined,
        benefits: panel.benefits ?? undefined,
        screenerSurveyId: panel.screenerSurveyId,
        ruleKind: panel.passRule.kind,
        question: panel.passRule.kind === 'answer' ? panel.passRule.question : undefined,
        anyOf: panel.passRule.kind === 'answer' ? panel.passRule.anyOf : undefined,
        tiers: panel.tiers,
        tag: panel.tag,
        status: panel.status,
        recruitLimit: panel.recruitLimit,
      }
    : { name: '', ruleKind: 'all', tiers: [{ name: '新手', minPoints: 0 }], tag: '体验达人', status: 'open' };
  const submit = (v: PanelForm) => {
    const passRule: TPanelPassRule =
      v.ruleKind === 'answer'
        ? { kind: 'answer', question: v.question ?? '', anyOf: v.anyOf ?? [] }
        : { kind: v.ruleKind };
    save.mutate({
      id: panel?.id,
      body: {
        name: v.name,
        description: v.description || undefined,
        benefits: v.benefits || undefined,
        screenerSurveyId: v.screenerSurveyId ?? null,
        passRule,
        tiers: v.tiers ?? [],
        tag: v.tag,
        status: v.status,
        recruitLimit: v.recruitLimit ?? null,
      },
    });
  };
  return (
    <Drawer
      open
      title={panel ? t('edit') : t('newPanel')}
      width={phone ? '100%' : 560}
      onClose={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item name="name" label={t('f.name')} rules={[{ required: true, max: 120 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('f.description')} rules={[{ max: 4000 }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="benefits" label={t('f.benefits')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="screenerSurveyId" label={t('f.screener')}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(surveys.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        </Form.Item>
        <Form.Item name="ruleKind" label={t('f.passRule')}>
          <Radio.Group>
            <Radio value="all">{t('f.ruleAll')}</Radio>
            <Radio value="manual">{t('f.ruleManual')}</Radio>
            <Radio value="answer">{t('f.ruleAnswer')}</Radio>
          </Radio.Group>
        </Form.Item>
        {ruleKind === 'answer' && (
          <Space wrap>
            <Form.Item name="question" label={t('f.question')} rules={[{ required: true }]}>
              <Input placeholder="visits" />
            </Form.Item>
            <Form.Item name="anyOf" label={t('f.anyOf')} rules={[{ required: true }]}>
              <Select mode="tags" style={{ minWidth: 200 }} />
            </Form.Item>
          </Space>
        )}
        <Typography.Text strong>{t('f.tiers')}</Typography.Text>
        <Form.List name="tiers">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'name']} rules={[{ required: true, max: 40 }]}>
                    <Input placeholder={t('f.tierName')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'minPoints']} rules={[{ required: true }]}>
                    <InputNumber min={0} placeholder={t('f.minPoints')} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()} style={{ marginBottom: 16 }}>
                {t('f.addTier')}
              </Button>
            </>
          )}
        </Form.List>
        <Space wrap>
          <Form.Item name="tag" label={t('f.tag')} rules={[{ required: true, max: 50 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="status" label={t('f.status')}>
            <Select
              style={{ width: 140 }}
              options={[
                { value: 'open', label: t('f.open') },
                { value: 'closed', label: t('f.closed') },
              ]}
            />
          </Form.Item>
          <Form.Item name="recruitLimit" label={t('f.recruitLimit')}>
            <InputNumber min={1} max={100000} />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={save.isPending} block={phone}>
          {t('core:common.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
