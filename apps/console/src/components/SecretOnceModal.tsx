import { Alert, Modal, Typography } from 'antd';
import type { ReactNode } from 'react';

/**
 * Shows a credential the server answers only once (an API key, a signing secret): copyable, with a warning, and
 * destroyed when closed so the value leaves the page.
 */
export function SecretOnceModal(props: {
  /** The value; the dialog is open while it is set. */
  secret: string | undefined;
  title: ReactNode;
  /** "Copy it now: it is not shown again." */
  warning: ReactNode;
  /** How to use the value. */
  hint?: ReactNode;
  testId: string;
  /** More to copy beside the secret (a connector's inbound address), shown before the hint. */
  children?: ReactNode;
  onClose: () => void;
}) {
  return (
    <Modal
      open={!!props.secret}
      title={props.title}
      onOk={props.onClose}
      onCancel={props.onClose}
      cancelButtonProps={{ style: { display: 'none' } }}
      destroyOnHidden
    >
      <Alert type="warning" showIcon message={props.warning} style={{ marginBottom: 12 }} />
      <Typography.Paragraph copyable code data-testid={props.testId} style={{ wordBreak: 'break-all' }}>
        {props.secret}
      </Typography.Paragraph>
      {props.children}
      {props.hint && <Typography.Paragraph type="secondary">{props.hint}</Typography.Paragraph>}
    </Modal>
  );
}
