import { Alert, Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { AssignTraining } from './AssignTraining.tsx';
import { bySection } from './answers.ts';
import type { AuditDetail, AuditItem } from './api.ts';
import { auditUnit, EvidencePhotos, itemText, SeverityTag, scoreText } from './present.tsx';
import { type Quiz, useQuizzes } from './training-api.ts';

const RESULT_COLOR: Record<string, string> = { pass: 'green', fail: 'red', na: 'default' };

/** One item's result; a failed item a quiz trains offers "Assign training" to the unit's staff. */
function ItemResult({ item, audit, quizzes }: { item: AuditItem; audit: AuditDetail; quizzes: Quiz[] }) {
  const { t, i18n } = useTranslation('quality');
  const training = item.result === 'fail' ? quizzes.filter((q) => q.itemCodes.includes(item.code)) : [];
  return (
    <Card
      size="small"
      data-testid={`result-item-${item.code}`}
      styles={{ body: { padding: 12 } }}
      style={{ borderColor: item.result === 'fail' && item.severity === 'fatal' ? '#ff4d4f' : undefined }}
    >
      <Space direction="vertical" size={4} style={{ width: '100%', wordBreak: 'break-word' }}>
        <div>
          <Tag color={RESULT_COLOR[item.result ?? 'na']}>{item.result ? t(`result.${item.result}`) : '—'}</Tag>
          <SeverityTag severity={item.severity} />
          <Typography.Text>{itemText(item, i18n.language)}</Typography.Text>
        </div>
        {item.note && <Typography.Text type="secondary">“{item.note}”</Typography.Text>}
        <EvidencePhotos photos={item.photos} size={72} />
        {item.ticketId && (
          <Link to={`/tickets/${item.ticketId}`} data-testid="item-ticket">
            {t('res.ticket')}
          </Link>
        )}
        {training.length > 0 && (
          <div>
            <AssignTraining
              size="small"
              quizzes={training}
              unit={{ id: audit.orgUnitId, name: auditUnit(audit, i18n.language) }}
              auditId={audit.id}
              itemCode={item.code}
            />
          </div>
        )}
      </Space>
    </Card>
  );
}

/** A submitted (or cancelled) audit: its score, fatal failures, the tickets they opened, and every item's result. */
export function AuditResultView({ audit }: { audit: AuditDetail }) {
  const { t } = useTranslation('quality');
  const time = useTenantTime();
  const me = useMe();
  // The quizzes training this checklist's items, for the failed items' "Assign training" (assigners only).
  const canAssign = me.can('inspections.write') && audit.status === 'submitted';
  const quizzes = useQuizzes({ checklistId: audit.checklistId }, canAssign);
  if (audit.status === 'cancelled') return <Alert type="info" showIcon message={t('res.cancelled')} />;
  const pending = audit.fatalFailures - audit.ticketIds.length;
  return (
    <Space direction="vertical" size={12} style={{ width: '100%' }} data-testid="audit-result">
      <Card size="small">
        <Row gutter={[8, 8]}>
          <Col xs={12} md={6}>
            <Statistic title={t('au.score')} value={scoreText(audit.score)} data-testid="result-score" />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('res.fatal')}
              value={audit.fatalFailures}
              valueStyle={audit.fatalFailures > 0 ? { color: '#cf1322' } : undefined}
              data-testid="result-fatal"
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('res.general')} value={`${audit.generalFailed}/${audit.generalApplicable}`} />
          </Col>
          <Col xs={12} md={6}>
            <Statistic title={t('au.submitted')} value={audit.submittedAt ? time.date(audit.submittedAt) : '—'} />
          </Col>
        </Row>
      </Card>
      {audit.fatalFailures > 0 && (
        <Alert
          type={pending > 0 ? 'warning' : 'error'}
          showIcon
          data-testid="result-tickets"
          message={pending > 0 ? t('res.ticketsPending') : t('res.tickets', { n: audit.ticketIds.length })}
          description={
            audit.ticketIds.length > 0 && (
              <Space wrap>
                {audit.ticketIds.map((id, n) => (
                  <Link key={id} to={`/tickets/${id}`} data-testid="audit-ticket">
                    {t('res.ticketN', { n: n + 1 })}
                  </Link>
                ))}
              </Space>
            )
          }
        />
      )}
      {bySection(audit.items).map((g) => (
        <div key={g.section ?? ''}>
          {g.section && (
            <Typography.Title level={5} style={{ margin: '4px 0 8px' }}>
              {g.section}
            </Typography.Title>
          )}
          <Space direction="vertical" size={8} style={{ width: '100%' }}>
            {g.items.map((i) => (
              <ItemResult key={i.code} item={i} audit={audit} quizzes={canAssign ? (quizzes.data ?? []) : []} />
            ))}
          </Space>
        </div>
      ))}
    </Space>
  );
}
