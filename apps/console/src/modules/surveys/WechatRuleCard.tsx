import type { TSurveyWechatRules } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { App, Card, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { useMe } from '../../lib/me.tsx';
import { useInvalidatingMutation } from '../../lib/query.ts';
import { surveyKeys } from './api.ts';

const wechatKey = (id: string) => [...surveyKeys.all, 'wechat', id] as const;

/**
 * "One response per WeChat user": when the survey page learns the respondent's openid inside WeChat (the tenant's
 * official account, Settings), a second submission from the same openid is refused with a clear message.
 */
export function WechatRuleCard({ surveyId }: { surveyId: string }) {
  const { t } = useTranslation('surveys');
  const { message } = App.useApp();
  const me = useMe();
  const rules = useQuery({
    queryKey: wechatKey(surveyId),
    queryFn: () => api<TSurveyWechatRules>(`surveys/${surveyId}/wechat`),
  });
  const save = useInvalidatingMutation(
    (v: TSurveyWechatRules) => api<TSurveyWechatRules>(`surveys/${surveyId}/wechat`, { method: 'PUT', body: v }),
    [wechatKey(surveyId)],
    { onSuccess: () => message.success(t('wechatRule.saved')), onError: (err) => message.error(err.message) },
  );
  return (
    <Card title={t('wechatRule.title')} size="small" style={{ marginTop: 16 }} data-testid="survey-wechat-rule">
      <Space align="start">
        <Switch
          aria-label={t('wechatRule.once')}
          checked={rules.data?.oneResponsePerOpenid ?? false}
          loading={rules.isLoading || save.isPending}
          disabled={!me.can('surveys.write')}
          onChange={(on) => save.mutate({ oneResponsePerOpenid: on })}
        />
        <div>
          <div>{t('wechatRule.once')}</div>
          <Typography.Text type="secondary">{t('wechatRule.help')}</Typography.Text>
        </div>
      </Space>
    </Card>
  );
}
