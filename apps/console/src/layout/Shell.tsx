import { BellOutlined, GlobalOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Drawer,
  Dropdown,
  Grid,
  Layout,
  Menu,
  type MenuProps,
  Result,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { api } from '../lib/api.ts';
import { setLocale } from '../lib/i18n.ts';
import { useMe } from '../lib/me.tsx';
import { NotificationBell } from '../modules/notifications/Bell.tsx';
import { consoleModules, pageFor } from '../modules/registry.ts';
import type { NavGroup } from '../modules/types.ts';

const GROUPS: NavGroup[] = ['listen', 'understand', 'act', 'distribute', 'connect', 'settings'];

/** The console frame: grouped navigation from the discovered modules, header with scope and language. */
export function Shell() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const screens = Grid.useBreakpoint();
  const mobile = !screens.md;
  const [drawer, setDrawer] = useState(false);

  const items = useMemo<MenuProps['items']>(
    () =>
      GROUPS.map((g) => {
        const children = consoleModules
          .filter((m) => m.group === g)
          .flatMap((m) =>
            m.nav
              .filter((n) => !n.ability || me.can(n.ability))
              .map((n) => ({ key: n.path, icon: n.icon, label: t(n.labelKey) })),
          );
        return children.length ? { type: 'group' as const, key: g, label: t(`groups.${g}`), children } : null;
      }).filter(Boolean),
    [me, t],
  );
  const selected =
    consoleModules
      .flatMap((m) => m.nav.map((n) => n.path))
      .filter((p) => p !== '/' && location.pathname.startsWith(p))
      .sort((a, b) => b.length - a.length)[0] ?? '/';

  const menu = (
    <Menu
      mode="inline"
      items={items}
      selectedKeys={[selected]}
      onClick={(e) => {
        navigate(e.key);
        setDrawer(false);
      }}
      style={{ borderInlineEnd: 0 }}
    />
  );

  const logout = async () => {
    await api('auth/logout', { method: 'POST' });
    queryClient.clear();
    navigate('/login');
  };

  const switchLanguage = () => {
    const next = i18n.language === 'en' ? 'zh-CN' : 'en';
    setLocale(next);
    if (me.kind === 'user') void api('me', { method: 'PATCH', body: { locale: next } });
  };

  const unitName = i18n.language === 'en' && me.orgUnit.nameEn ? me.orgUnit.nameEn : me.orgUnit.name;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Layout.Sider width={220} theme="light" style={{ borderInlineEnd: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 20px', fontWeight: 700, fontSize: 18, color: '#1677ff' }}>loopcx</div>
          {menu}
        </Layout.Sider>
      )}
      <Drawer
        placement="left"
        open={mobile && drawer}
        onClose={() => setDrawer(false)}
        width={260}
        title="loopcx"
        styles={{ body: { padding: 0 } }}
      >
        {menu}
      </Drawer>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            borderBottom: '1px solid #f0f0f0',
          }}
        >
          {mobile && (
            <Button
              icon={<MenuOutlined />}
              onClick={() => setDrawer(true)}
              aria-label="menu"
              data-testid="nav-toggle"
            />
          )}
          <Typography.Text strong ellipsis style={{ flex: 1 }}>
            {me.tenant.name}
          </Typography.Text>
          <Space size={mobile ? 4 : 12}>
            {!mobile && (
              <>
                <Tag color="blue">{t(`roles.${me.role}`)}</Tag>
                <Typography.Text type="secondary">
                  {t('header.scope')}: {unitName}
                </Typography.Text>
              </>
            )}
            {me.kind === 'user' && <NotificationBell mobile={mobile} />}
            {/* The user's own menu: their notification settings and all their notifications. */}
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  ...(me.kind === 'user'
                    ? [
                        { key: '/notification-settings', icon: <BellOutlined />, label: t('notifications:settings') },
                        { key: '/notifications', label: t('notifications:viewAll') },
                      ]
                    : []),
                  { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout') },
                ],
                onClick: (e) => (e.key === 'logout' ? void logout() : navigate(e.key)),
              }}
            >
              <Button size="small" type="text" icon={<UserOutlined />} data-testid="user-menu">
                {mobile ? null : (me.name ?? me.email)}
              </Button>
            </Dropdown>
            <Button size="small" icon={<GlobalOutlined />} onClick={switchLanguage} data-testid="lang-toggle">
              {t('header.language')}
            </Button>
            <Button
              size="small"
              icon={<LogoutOutlined />}
              onClick={logout}
              title={t('header.logout')}
              aria-label={t('header.logout')}
            />
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: mobile ? 12 : 24 }}>
          {/* Pages are separate chunks: the frame shows while a page's chunk loads on its first visit. */}
          <Suspense fallback={<Spin size="large" style={{ display: 'block', margin: '64px auto' }} />}>
            <Routes>
              {consoleModules.flatMap((m) =>
                m.routes.map((r) => {
                  const Page = pageFor(r);
                  return <Route key={`${m.key}:${r.path}`} path={r.path} element={<Page />} />;
                }),
              )}
              <Route path="*" element={<Result status="404" title="404" subTitle={t('notFound')} />} />
            </Routes>
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
