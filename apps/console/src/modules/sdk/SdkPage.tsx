import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { InterceptsSection } from './InterceptsSection.tsx';
import { SdkKeysPage } from './SdkKeysPage.tsx';

/** Settings → SDK: the public keys, and the intercept surveys the SDK shows (`?tab=intercepts`). */
export function SdkPage() {
  const { t } = useTranslation('sdk');
  const [params, setParams] = useSearchParams();
  return (
    <Tabs
      activeKey={params.get('tab') === 'intercepts' ? 'intercepts' : 'keys'}
      onChange={(k) => setParams(k === 'keys' ? {} : { tab: k }, { replace: true })}
      items={[
        { key: 'keys', label: t('intercepts.tabKeys'), children: <SdkKeysPage /> },
        { key: 'intercepts', label: t('intercepts.tab'), children: <InterceptsSection /> },
      ]}
    />
  );
}
