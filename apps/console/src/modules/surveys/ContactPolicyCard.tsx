import type { TContactPolicy, TSurveyContactPolicyInput, TSurveyContactPolicyResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useInvalidatingMutation } from '../../lib/query.ts';
import { surveyKeys } from './api.ts';

const policyKey = (id: string) => [...surveyKeys.all, 'contact-policy', id] as const;

interface Values {
  count?: number | null;
  days?: number | null;
  minDaysBetween?: number | null;
  suppressWhileTicketOpen: boolean;
}

/**
 * The survey's contact-policy override: the tenant-wide rules (Distribution → Contact policy) apply unless this
 * survey sets its own — for a relational survey sent quarterly, say, "at most 1 in 90 days". Reach managers only.
 */
export function ContactPolicyCard({ surveyId }: { surveyId: string }) {
  const { t } = useTranslation('surveys');
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const allowed = me.can('reach.manage');
  const policy = useQuery({
    queryKey: policyKey(surveyId),
    queryFn: () => api<TSurveyContactPolicyResponse>(`surveys/${surveyId}/contact-policy`),
    enabled: allowed,
  });
  const callbacks = {
    onSuccess: () => message.success(t('contactPolicy.saved')),
    onError: (err: Error) => message.error(err.message),
  };
  const save = useInvalidatingMutation(
    (v: TSurveyContactPolicyInput) =>
      api<TSurveyContactPolicyResponse>(`surveys/${surveyId}/contact-policy`, { method: 'PUT', body: v }),
    [policyKey(surveyId)],
    callbacks,
  );
  const remove = useInvalidatingMutation(
    () => api<TSurveyContactPolicyResponse>(`surveys/${surveyId}/contact-policy`, { method: 'DELETE' }),
    [policyKey(surveyId)],
    callbacks,
  );
  const data = policy.data;
  useEffect(() => {
    if (!data) return;
    const e = data.effective;
    form.setFieldsValue({
      count: e.maxInvitations?.count ?? null,
      days: e.maxInvitations?.days ?? null,
      minDaysBetween: e.minDaysBetween ?? null,
      suppressWhileTicketOpen: e.suppressWhileTicketOpen,
    });
  }, [data, form]);
  if (!allowed) return null;

  const describe = (p: TContactPolicy) =>
    [
      p.maxInvitations
        ? t('contactPolicy.max', { count: p.maxInvitations.count, days: p.maxInvitations.days })
        : t('contactPolicy.noMax'),
      p.minDaysBetween ? t('contactPolicy.between', { days: p.minDaysBetween }) : null,
      p.suppressWhileTicketOpen ? t('contactPolicy.ticket') : null,
    ]
      .filter(Boolean)
      .join(' · ');
  const submit = (v: Values) =>
    save.mutate({
      maxInvitations: v.count && v.days ? { count: v.count, days: v.days } : null,
      minDaysBetween: v.minDaysBetween || null,
      suppressWhileTicketOpen: v.suppressWhileTicketOpen,
    });

  return (
    <Card
      title={t('contactPolicy.title')}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="survey-contact-policy"
      loading={policy.isLoading}
    >
      {data && (
        <>
          <Typography.Paragraph type="secondary">
            {t('contactPolicy.tenant', { rules: describe(data.tenant) })}
          </Typography.Paragraph>
          <Typography.Paragraph data-testid="contact-policy-effective">
            {data.override ? t('contactPolicy.overridden') : t('contactPolicy.following')}{' '}
            <Typography.Text strong>{describe(data.effective)}</Typography.Text>
          </Typography.Paragraph>
          <Form form={form} layout="vertical" onFinish={submit}>
            <Space wrap align="end">
              <Form.Item name="count" label={t('contactPolicy.count')}>
                <InputNumber min={1} max={1000} precision={0} />
              </Form.Item>
              <Form.Item name="days" label={t('contactPolicy.days')}>
                <InputNumber min={1} max={3650} precision={0} />
              </Form.Item>
              <Form.Item name="minDaysBetween" label={t('contactPolicy.minDaysBetween')}>
                <InputNumber min={0} max={3650} precision={0} />
              </Form.Item>
            </Space>
            <Form.Item name="suppressWhileTicketOpen" valuePropName="checked" label={t('contactPolicy.ticket')}>
              <Switch />
            </Form.Item>
            <Space wrap>
              <Button type="primary" htmlType="submit" loading={save.isPending}>
                {t('contactPolicy.save')}
              </Button>
              {data.override && (
                <Button onClick={() => remove.mutate()} loading={remove.isPending}>
                  {t('contactPolicy.reset')}
                </Button>
              )}
            </Space>
          </Form>
        </>
      )}
    </Card>
  );
}
