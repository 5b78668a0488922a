import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import { useOrgUnits } from '../../lib/org.ts';

/** The home page (loaded when its route is first opened). */
export function HomePage() {
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
