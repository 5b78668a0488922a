import type { TSsoDiscoveryResponse } from '@loopcx/shared';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Divider, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../lib/api.ts';

const REMEMBERED = 'loopcx.ssoTenant';
const SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;

/**
 * The login page's single sign-on part. The organisation comes from `?tenant=<slug>` (the address the SSO settings
 * page gives to share) or the one this browser used last; otherwise "Use single sign-on" asks for it. The button is
 * a plain link: the server redirects to the provider and back (`/api/v1/auth/sso/<slug>/start`).
 */
export function SsoLogin({ next }: { next: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('tenant')?.toLowerCase() ?? '';
  const [slug, setSlug] = useState(() => (SLUG.test(fromUrl) ? fromUrl : (localStorage.getItem(REMEMBERED) ?? '')));
  const [asking, setAsking] = useState(false);
  const found = useQuery({
    queryKey: ['sso-discovery', slug],
    enabled: SLUG.test(slug),
    retry: false,
    queryFn: async () => {
      const d = await api<TSsoDiscoveryResponse>(`auth/sso?tenant=${encodeURIComponent(slug)}`);
      if (d.provider) localStorage.setItem(REMEMBERED, d.tenant.slug);
      return d;
    },
  });
  const ssoError = params.get('ssoError');
  const provider = found.data?.provider;

  return (
    <div data-testid="sso-login">
      {ssoError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="sso-error"
          message={t(`login.sso.errors.${ssoError}`, { defaultValue: t('login.failed') })}
        />
      )}
      {provider ? (
        <>
          <Button
            type="primary"
            block
            size="large"
            href={`${provider.startUrl}?returnTo=${encodeURIComponent(next)}`}
            data-testid="sso-button"
          >
            {t('login.sso.signIn', { name: provider.name })}
          </Button>
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {found.data?.tenant.name} ·{' '}
            <Typography.Link
              onClick={() => {
                localStorage.removeItem(REMEMBERED);
                setSlug('');
                setAsking(true);
                params.delete('tenant');
                setParams(params, { replace: true });
              }}
            >
              {t('login.sso.other')}
            </Typography.Link>
          </Typography.Paragraph>
          {found.data?.ssoOnly && <Alert type="info" message={t('login.sso.ssoOnly')} style={{ marginTop: 12 }} />}
          <Divider plain>{t('login.sso.or')}</Divider>
        </>
      ) : asking ? (
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={(v: { slug: string }) => setSlug(v.slug.trim().toLowerCase())}
          style={{ marginBottom: 8 }}
        >
          <Form.Item
            name="slug"
            label={t('login.sso.org')}
            extra={t('login.sso.orgHelp')}
            rules={[{ required: true, pattern: /^[A-Za-z0-9][A-Za-z0-9-]{1,62}$/ }]}
            validateStatus={found.isError || (found.data && !provider) ? 'error' : undefined}
            help={found.isError || (found.data && !provider) ? t('login.sso.none') : undefined}
          >
            <Input autoComplete="organization" data-testid="sso-org" />
          </Form.Item>
          <Button htmlType="submit" block loading={found.isFetching}>
            {t('login.sso.continue')}
          </Button>
          <Divider plain>{t('login.sso.or')}</Divider>
        </Form>
      ) : (
        // A link, not a button: the form's submit stays the page's one "log in" button.
        <Typography.Paragraph style={{ marginBottom: 12 }}>
          <Typography.Link onClick={() => setAsking(true)} data-testid="sso-use">
            {t('login.sso.use')}
          </Typography.Link>
        </Typography.Paragraph>
      )}
    </div>
  );
}
