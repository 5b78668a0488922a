import { Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Audit } from './api.ts';

/**
 * The external inspector's signed link of an audit, with a copy button and its QR code (the server draws it, as it
 * does for store survey links). The server gives `url` only to QA staff, so this card shows only to them.
 */
export function ExternalLinkCard({ audit }: { audit: Audit }) {
  const { t } = useTranslation('quality');
  if (!audit.url) return null;
  return (
    <Card size="small" title={t('au.link')} style={{ marginBottom: 12 }} data-testid="audit-external-link">
      <Space align="start" wrap size={16}>
        <img src={`/api/v1/audits/${audit.id}/qr?size=256`} alt={t('au.qr')} width={160} height={160} />
        <Space direction="vertical" size={4} style={{ maxWidth: 420 }}>
          <Typography.Paragraph copyable={{ text: audit.url }} style={{ wordBreak: 'break-all', margin: 0 }}>
            <a href={audit.url} target="_blank" rel="noreferrer">
              {audit.url}
            </a>
          </Typography.Paragraph>
          <Typography.Text type="secondary">{t('au.linkHelp')}</Typography.Text>
        </Space>
      </Space>
    </Card>
  );
}
