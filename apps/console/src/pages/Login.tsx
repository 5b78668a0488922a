import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, api } from '../lib/api.ts';
import { setLocale } from '../lib/i18n.ts';
import { SsoLogin } from './SsoLogin.tsx';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const [needTenant, setNeedTenant] = useState(false);
  const [busy, setBusy] = useState(false);
  const nextParam = params.get('next');
  const next = nextParam?.startsWith('/') && !nextParam.startsWith('//') ? nextParam : '/';

  const submit = async (values: { email: string; password: string; tenant?: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      const me = await api('auth/login', { body: { ...values, tenant: values.tenant || undefined } });
      queryClient.setQueryData(['me'], me);
      navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.invalidParams.some((p) => p.name === 'tenant')) setNeedTenant(true);
        setError(err.status === 429 ? `${t('login.tooMany')} — ${err.detail}` : err.detail || t('login.failed'));
      } else setError(t('login.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(135deg,#e6f4ff,#f9f0ff)',
        padding: 16,
      }}
    >
      <Card style={{ width: '100%', maxWidth: 380 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('appName')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.subtitle')}</Typography.Paragraph>
        {error && (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <SsoLogin next={next} />
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="email" label={t('login.email')} rules={[{ required: true, type: 'email' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('login.password')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {needTenant && (
            <Form.Item name="tenant" label={t('login.tenant')}>
              <Input />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('login.submit')}
          </Button>
        </Form>
        <Button
          type="link"
          style={{ padding: 0, marginTop: 12 }}
          onClick={() => setLocale(i18n.language === 'en' ? 'zh-CN' : 'en')}
        >
          {t('header.language')}
        </Button>
      </Card>
    </div>
  );
}
