import { HomeOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import { useOrgUnits } from '../../lib/org.ts';
import type { ConsoleModule } from '../types.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

function HomePage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const units = useOrgUnits();
  const count = (kind: string) => units.data?.filter((u) => u.kind === kind).length ?? 0;
  const unitName = i18n.language === 'en' && me.orgUnit.nameEn ? me.orgUnit.nameEn : me.orgUnit.name;
  return (
    <div>
      <Typography.Title level={3}>{t('home.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.subtitle')}</Typography.Paragraph>
      <Typography.Paragraph>{t('home.scope', { unit: unitName })}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {(['region', 'city', 'store'] as const).map((k) => (
          <Col xs={12} md={6} key={k}>
            <Card>
              <Statistic title={t(`kinds.${k}`)} value={count(k)} loading={units.isLoading} />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}

export const consoleModule: ConsoleModule = {
  key: 'home',
  order: 0,
  group: 'understand',
  nav: [{ path: '/', labelKey: 'home:nav', icon: <HomeOutlined /> }],
  routes: [{ path: '/', element: <HomePage /> }],
  i18n: { 'zh-CN': zhCN, en },
};
