import { PhoneOutlined } from '@ant-design/icons';
import { App, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { revealContactPhone } from './api.ts';

/**
 * Calls the customer back: the masked number is all a list shows; a tap opens the full number (the server records
 * who opened it) and hands it to the phone's dialer. Shown only to those who work tickets.
 */
export function CallBackButton({ ticketId, masked, block }: { ticketId: string; masked: string; block?: boolean }) {
  const { t } = useTranslation('tickets');
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const [phone, setPhone] = useState<string>();
  const call = async () => {
    setBusy(true);
    try {
      const full = phone ?? (await revealContactPhone(ticketId));
      setPhone(full);
      window.location.href = `tel:${full}`;
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<PhoneOutlined />} loading={busy} onClick={call} block={block} data-testid="call-back">
      {t('callBack')} <span data-testid="call-back-number">{phone ?? masked}</span>
    </Button>
  );
}
