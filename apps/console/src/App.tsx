import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { Shell } from './layout/Shell.tsx';
import { setUnauthenticatedHandler } from './lib/api.ts';
import { dismissFirstPaint } from './lib/first-paint.ts';
import { setLocale } from './lib/i18n.ts';
import { MeContext, meKeys, useMeQuery } from './lib/me.tsx';

// A signed-in user never needs the login form (antd Form, Input, Card): it is a chunk of its own.
const LoginPage = lazy(() => import('./pages/Login.tsx').then((m) => ({ default: m.LoginPage })));

/** Routes: /login is public; everything else needs a session and renders inside the shell. */
export function App() {
  const { i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const me = useMeQuery();

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      queryClient.removeQueries({ queryKey: meKeys.all });
      if (!window.location.pathname.startsWith('/login'))
        navigate(`/login?next=${encodeURIComponent(window.location.pathname)}`);
    });
  }, [navigate, queryClient]);

  // The server's first numbers (on /dashboards) stay until the dashboard shows its own; any other page drops them.
  useEffect(() => {
    if (location.pathname !== '/dashboards' || me.isError) dismissFirstPaint();
  }, [location.pathname, me.isError]);

  // The user's saved language wins over the browser default once we know who they are.
  useEffect(() => {
    // The contract types `locale` as any string; only the two languages the console ships can be applied.
    const locale = me.data?.locale;
    if ((locale === 'zh-CN' || locale === 'en') && locale !== i18n.language && !localStorage.getItem('loopcx.locale'))
      setLocale(locale);
  }, [me.data?.locale, i18n.language]);

  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}
    >
      <AntApp>
        <Routes>
          <Route
            path="/login"
            element={
              <Suspense fallback={null}>
                <LoginPage />
              </Suspense>
            }
          />
          <Route
            path="/*"
            element={
              me.isLoading ? (
                <div style={{ display: 'grid', placeItems: 'center', height: '100vh' }}>
                  <Spin size="large" />
                </div>
              ) : me.data ? (
                <MeContext.Provider value={me.data}>
                  <Shell />
                </MeContext.Provider>
              ) : (
                <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />
              )
            }
          />
        </Routes>
      </AntApp>
    </ConfigProvider>
  );
}
