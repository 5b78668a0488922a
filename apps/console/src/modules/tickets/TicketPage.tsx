import { App, Button, Card, Col, Descriptions, Input, Row, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { enumLabel } from '../../lib/enums.ts';
import { formatDuration } from '../../lib/format.ts';
import { useMe } from '../../lib/me.tsx';
import { useTenantTime } from '../../lib/time.ts';
import { NbaCardForRef } from '../nba/NbaCard.tsx';
import { AnswerList } from '../responses/AnswerList.tsx';
import { useResponse } from '../responses/api.ts';
import { useCommentTicket, useCustomerHistory, useFollowUpTicket, useTicket, useTransitionTicket } from './api.ts';
import { CallBackButton } from './CallBackButton.tsx';
import { FeedbackCard } from './FeedbackCard.tsx';
import { rootCauseName, STATUS_COLOR, slaLine, ticketTitle, unitName } from './present.ts';
import { ResolveDialog } from './ResolveDialog.tsx';

const NEXT: Record<string, Array<[string, string]>> = {
  new: [
    ['acknowledged', 'acknowledge'],
    ['in_progress', 'start'],
  ],
  acknowledged: [['in_progress', 'start']],
  reopened: [
    ['acknowledged', 'acknowledge'],
    ['in_progress', 'start'],
  ],
  closed: [['reopened', 'reopen']],
};

export function TicketPage() {
  const { id } = useParams();
  const { t, i18n } = useTranslation('tickets');
  const time = useTenantTime();
  const me = useMe();
  const { message } = App.useApp();
  const [resolving, setResolving] = useState(false);
  const [comment, setComment] = useState('');
  const ticket = useTicket(id);
  const response = useResponse(ticket.data?.responseId, me.can('responses.read'));
  const ref = ticket.data?.customerRef;
  const history = useCustomerHistory(ref, me.can('responses.read'));
  const move = useTransitionTicket(id, { onError: (err) => message.error(err.message) });
  const follow = useFollowUpTicket(id, { onError: (err) => message.error(err.message) });
  const addComment = useCommentTicket(id, { onSuccess: () => setComment('') });
  if (!ticket.data) return <Spin />;
  const tk = ticket.data;
  const canWork = me.can('tickets.work');
  const sla = slaLine(tk, t, i18n.language, time.tz);
  return (
    <div>
      <Space style={{ marginBottom: 12, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="ticket-title">
          {tk.number} {ticketTitle(tk, t, i18n.language)}
        </Typography.Title>
        <Tag data-testid="ticket-status" color={STATUS_COLOR[tk.status]}>
          {t(`s.${tk.status}`)}
        </Tag>
        <Tag color={tk.priority === 'urgent' ? 'red' : tk.priority === 'high' ? 'orange' : 'blue'}>
          {t(`p.${tk.priority}`)}
        </Tag>
        {tk.overdue && <Tag color="red">SLA</Tag>}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('unit')}>
                {tk.orgUnit ? `${unitName(tk, i18n.language)} (${tk.orgUnit.code})` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('assignee')}>{tk.assigneeName ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('due')}>
                <Typography.Text type={sla.overdue ? 'danger' : undefined} data-testid="ticket-sla">
                  {sla.text}
                </Typography.Text>
              </Descriptions.Item>
              {tk.rootCause && (
                <Descriptions.Item label={t('rootCause')}>
                  <span data-testid="ticket-root-cause">{rootCauseName(tk, i18n.language)}</span>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('contactPhone')}>
                {tk.contactPhone && canWork ? (
                  <CallBackButton ticketId={tk.id} masked={tk.contactPhone} />
                ) : (
                  <span data-testid="ticket-phone">{tk.contactPhone ?? t('noPhone')}</span>
                )}
              </Descriptions.Item>
              {tk.followupOutcome && (
                <Descriptions.Item label={t('followup')}>
                  {enumLabel('followup', tk.followupOutcome, i18n.language)}
                </Descriptions.Item>
              )}
              <Descriptions.Item label={t('escalation')}>{tk.escalationLevel}</Descriptions.Item>
              <Descriptions.Item label={t('reopenCount')}>{tk.reopenCount}</Descriptions.Item>
              {tk.resolution && <Descriptions.Item label={t('resolution')}>{tk.resolution}</Descriptions.Item>}
            </Descriptions>
            {tk.description && <Typography.Paragraph style={{ marginTop: 8 }}>{tk.description}</Typography.Paragraph>}
            {canWork && (
              <Space wrap style={{ marginTop: 8 }}>
                {(NEXT[tk.status] ?? []).map(([to, label]) => (
                  <Button key={to} onClick={() => move.mutate({ to })} data-testid={`to-${to}`}>
                    {t(label)}
                  </Button>
                ))}
                {['new', 'acknowledged', 'in_progress', 'reopened'].includes(tk.status) && (
                  <Button type="primary" onClick={() => setResolving(true)} data-testid="resolve">
                    {t('resolve')}
                  </Button>
                )}
                {tk.status === 'resolved' && (
                  <>
                    <Button type="primary" onClick={() => follow.mutate('confirmed')} data-testid="followup-confirmed">
                      {t('confirmed')}
                    </Button>
                    <Button danger onClick={() => follow.mutate('not_confirmed')}>
                      {t('notConfirmed')}
                    </Button>
                    <Button onClick={() => follow.mutate('unreachable')}>{t('unreachable')}</Button>
                  </>
                )}
              </Space>
            )}
          </Card>
          {response.data && (
            <Card size="small" title={t('response')} style={{ marginTop: 16 }}>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {response.data.surveyName} · {time.dateTime(response.data.submittedAt)}{' '}
                {response.data.customerRef ? `· ${response.data.customerRef}` : ''}
              </Typography.Paragraph>
              <AnswerList definition={response.data.definition} answers={response.data.answers} />
            </Card>
          )}
          {tk.feedbackId && me.can('responses.read') && <FeedbackCard id={tk.feedbackId} />}
          {history.data && (
            <Card
              size="small"
              title={`${t('customer')} ${ref}`}
              style={{ marginTop: 16 }}
              extra={
                me.can('customers.read') && (
                  <Link to={`/customers?q=${encodeURIComponent(ref ?? '')}`}>{t('profile')}</Link>
                )
              }
            >
              {history.data.responses.map((r) => (
                <div key={r.id}>
                  {time.date(r.submittedAt)} · {r.surveyName} ·{' '}
                  {Object.entries(r.scores)
                    .filter(([k]) => !k.includes(':'))
                    .map(([k, v]) => `${k.toUpperCase()} ${v}`)
                    .join(' ')}
                </div>
              ))}
              {history.data.tickets
                .filter((x) => x.id !== tk.id)
                .map((x) => (
                  <div key={x.id}>
                    <a href={`/tickets/${x.id}`}>{x.number}</a> · {t(`s.${x.status}`)} · {x.title}
                  </div>
                ))}
            </Card>
          )}
        </Col>
        <Col xs={24} lg={10}>
          <NbaCardForRef customerRef={ref} />
          <Card size="small" title={t('history')}>
            <Timeline
              items={tk.events.map((e) => ({
                children: (
                  <div>
                    <b>{t(`kinds.${e.kind}`, { defaultValue: e.kind })}</b> {e.to ? `→ ${t(`s.${e.to}`)}` : ''}{' '}
                    <Typography.Text type="secondary">
                      {time.dateTime(e.at)} {e.actorName ?? ''}
                    </Typography.Text>
                    {typeof e.data.body === 'string' && <div>{e.data.body}</div>}
                    {typeof e.data.outcome === 'string' && (
                      <div>{enumLabel('followup', e.data.outcome, i18n.language)}</div>
                    )}
                    {typeof e.data.resolution === 'string' && <div>{e.data.resolution}</div>}
                  </div>
                ),
              }))}
            />
            <Typography.Text type="secondary">
              {t('timeInStatus')}:{' '}
              {Object.entries(tk.timeInStatus)
                .map(([k, v]) => `${enumLabel('ticketStatus', k, i18n.language)} ${formatDuration(v, i18n.language)}`)
                .join(' · ')}
            </Typography.Text>
            {canWork && (
              <Space.Compact style={{ width: '100%', marginTop: 12 }}>
                <Input value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('comment')} />
                <Button onClick={() => addComment.mutate(comment)} disabled={!comment.trim()}>
                  {t('addComment')}
                </Button>
              </Space.Compact>
            )}
          </Card>
        </Col>
      </Row>
      {resolving && <ResolveDialog ticketId={tk.id} open={resolving} onClose={() => setResolving(false)} />}
    </div>
  );
}
