import { CheckOutlined, UserAddOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useMe } from '../../lib/me.tsx';
import { type Ticket, useAssignTicket } from './api.ts';
import { CallBackButton } from './CallBackButton.tsx';
import { rootCauseName, STATUS_COLOR, scoreText, slaLine, ticketTitle, unitName } from './present.ts';
import { ResolveDialog } from './ResolveDialog.tsx';

const OPEN = ['new', 'acknowledged', 'in_progress', 'reopened'];
const EXCERPT = 80;

/** One ticket as a phone shows it: everything needed to act without opening it, and the actions one tap away. */
function TicketCard({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation('tickets');
  const me = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [resolving, setResolving] = useState(false);
  const claim = useAssignTicket(ticket.id, {
    onSuccess: () => message.success(t('claimed')),
    onError: (err) => message.error(err.message),
  });
  const sla = slaLine(ticket, t, i18n.language, me.tenant.timezone ?? undefined);
  const open = OPEN.includes(ticket.status);
  const canWork = me.can('tickets.work');
  const cause = rootCauseName(ticket, i18n.language);
  const excerpt =
    ticket.description && ticket.description.length > EXCERPT
      ? `${ticket.description.slice(0, EXCERPT)}…`
      : ticket.description;
  return (
    <Card size="small" data-testid="ticket-card" data-ticket={ticket.number} styles={{ body: { padding: 12 } }}>
      <button
        type="button"
        onClick={() => navigate(`/tickets/${ticket.id}`)}
        aria-label={t('openTicket')}
        style={{ all: 'unset', display: 'block', width: '100%', cursor: 'pointer' }}
      >
        <Space size={4} wrap style={{ marginBottom: 4 }}>
          <Tag color={STATUS_COLOR[ticket.status]} data-testid="card-status">
            {t(`s.${ticket.status}`)}
          </Tag>
          {ticket.priority === 'urgent' && <Tag color="red">{t('p.urgent')}</Tag>}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {ticket.number}
          </Typography.Text>
        </Space>
        <Typography.Text strong style={{ display: 'block' }} data-testid="card-title">
          {ticketTitle(ticket, t, i18n.language)}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
          {unitName(ticket, i18n.language)}
          {scoreText(ticket) && (
            <>
              {' · '}
              <Typography.Text type="danger" data-testid="card-score">
                {scoreText(ticket)}
              </Typography.Text>
            </>
          )}
          {ticket.assigneeName ? ` · ${ticket.assigneeName}` : ''}
        </Typography.Text>
        {excerpt && (
          <Typography.Paragraph style={{ margin: '4px 0', fontSize: 13 }} data-testid="card-excerpt">
            “{excerpt}”
          </Typography.Paragraph>
        )}
        <Typography.Text type={sla.overdue ? 'danger' : undefined} style={{ fontSize: 13 }} data-testid="card-sla">
          {sla.text}
        </Typography.Text>
        {cause && (
          <Typography.Text style={{ display: 'block', fontSize: 13 }} data-testid="card-root-cause">
            {t('rootCause')}: {cause}
          </Typography.Text>
        )}
      </button>
      {canWork && (open || ticket.contactPhone) && (
        <Space wrap style={{ marginTop: 8 }}>
          {open && ticket.assigneeId !== me.id && (
            <Button
              icon={<UserAddOutlined />}
              loading={claim.isPending}
              onClick={() => claim.mutate(me.id)}
              data-testid="claim"
            >
              {t('claim')}
            </Button>
          )}
          {open && (
            <Button
              type="primary"
              icon={<CheckOutlined />}
              onClick={() => setResolving(true)}
              data-testid="card-resolve"
            >
              {t('resolve')}
            </Button>
          )}
          {ticket.contactPhone && <CallBackButton ticketId={ticket.id} masked={ticket.contactPhone} />}
        </Space>
      )}
      {resolving && <ResolveDialog ticketId={ticket.id} open={resolving} onClose={() => setResolving(false)} />}
    </Card>
  );
}

/** The phone inbox (< 768 px): a card per ticket instead of the desktop table, whose columns would not fit. */
export function TicketCards({ tickets, loading }: { tickets: Ticket[]; loading: boolean }) {
  const { t } = useTranslation('tickets');
  if (!loading && tickets.length === 0) return <Empty description={t('empty')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={8} aria-label={t('ticketCards')}>
      {tickets.map((x) => (
        <TicketCard key={x.id} ticket={x} />
      ))}
    </Space>
  );
}
