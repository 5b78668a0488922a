import {
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  type FormInstance,
  Grid,
  List,
  Modal,
  Space,
  Table,
  type TableProps,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** True below antd's `md` breakpoint: lists become cards, drawers and dialogs take the whole width. */
export function usePhone() {
  return !Grid.useBreakpoint().md;
}

/** A settings list page's head: the title, its "new …" button, and a line of help under them. */
export function ListPageHeader(props: {
  title: ReactNode;
  newLabel?: ReactNode;
  onNew?: () => void;
  help?: ReactNode;
}) {
  return (
    <>
      <Space style={{ marginBottom: 16 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {props.title}
        </Typography.Title>
        {props.onNew && (
          <Button type="primary" onClick={props.onNew}>
            {props.newLabel}
          </Button>
        )}
      </Space>
      {props.help && <Typography.Paragraph type="secondary">{props.help}</Typography.Paragraph>}
    </>
  );
}

/** What `ResponsiveList` shows: one card per item at phone width, the table's columns on wider screens. */
export interface ResponsiveListProps<T> {
  /** The items and whether they are still loading (a react-query result fits). */
  query: { isLoading: boolean; data?: T[] };
  /** Shown (as an antd Empty) when there are no items. */
  empty: ReactNode;
  /** One item's card body at phone width (wrapped in a small Card carrying `cardTestId`). */
  card: (item: T) => ReactNode;
  cardTestId: string;
  columns: NonNullable<TableProps<T>['columns']>;
  /** More of the desktop table's props (size, pagination, scroll, onRow). */
  table?: Omit<TableProps<T>, 'columns' | 'dataSource' | 'loading' | 'locale'>;
}

/**
 * The same list as cards on a phone (a table there scrolls sideways and hides its actions) and as a table on a
 * desktop; items are keyed by `id`.
 */
export function ResponsiveList<T extends { id: string | number }>(props: ResponsiveListProps<T>) {
  const phone = usePhone();
  const emptyText = <Empty description={props.empty} />;
  if (phone)
    return (
      <List
        loading={props.query.isLoading}
        dataSource={props.query.data}
        locale={{ emptyText }}
        renderItem={(item) => (
          <Card size="small" style={{ marginBottom: 8 }} data-testid={props.cardTestId}>
            {props.card(item)}
          </Card>
        )}
      />
    );
  return (
    <Table<T>
      rowKey="id"
      {...props.table}
      loading={props.query.isLoading}
      dataSource={props.query.data}
      locale={{ emptyText }}
      columns={props.columns}
    />
  );
}

/**
 * A dialog around one form: OK submits the form (its `onFinish` does the work), the dialog shows the mutation's
 * pending state, and its content is destroyed on close so the next opening starts clean.
 */
export function FormDialog(props: {
  open: boolean;
  title: ReactNode;
  form: FormInstance;
  pending: boolean;
  onCancel: () => void;
  width?: number | string;
  children: ReactNode;
}) {
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onCancel}
      onOk={() => props.form.submit()}
      confirmLoading={props.pending}
      width={props.width}
      destroyOnHidden
    >
      {props.children}
    </Modal>
  );
}

/**
 * Which record a create-or-edit dialog shows: a record, `'new'`, or null (closed). Each opening resets `form` to the
 * record's values, or to `newValues` for a new one; `id` is what the save sends (undefined creates).
 */
export function useRecordDialog<T extends { id: string }>(form: FormInstance, newValues?: Record<string, unknown>) {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const fresh = JSON.stringify(newValues ?? {});
  useEffect(() => {
    form.resetFields();
    if (editing === 'new') form.setFieldsValue(JSON.parse(fresh));
    else if (editing) form.setFieldsValue(editing);
  }, [editing, form, fresh]);
  return {
    form,
    editing,
    isNew: editing === 'new',
    id: editing === 'new' ? undefined : editing?.id,
    open: (record: T | 'new') => setEditing(record),
    close: () => setEditing(null),
  };
}

/**
 * The dialog of `useRecordDialog`: titled `newTitle` or "Edit", its form's values saved with the record's id
 * (none for a new one) through `save`, a mutation taking `{ id, values }`.
 */
export function RecordDialog<V>(props: {
  dialog: Pick<ReturnType<typeof useRecordDialog>, 'form' | 'editing' | 'isNew' | 'id' | 'close'>;
  save: { isPending: boolean; mutate: (v: { id?: string; values: V }) => void };
  newTitle: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation('core');
  const { dialog, save } = props;
  return (
    <FormDialog
      open={!!dialog.editing}
      title={dialog.isNew ? props.newTitle : t('common.edit')}
      form={dialog.form}
      pending={save.isPending}
      onCancel={dialog.close}
    >
      <Form form={dialog.form} layout="vertical" onFinish={(values: V) => save.mutate({ id: dialog.id, values })}>
        {props.children}
      </Form>
    </FormDialog>
  );
}

/** A drawer with one item's details (run history, delivery log): `width` on a desktop, the whole screen on a phone. */
export function DetailDrawer(props: {
  open: boolean;
  title: ReactNode;
  width: number;
  onClose: () => void;
  children: ReactNode;
}) {
  const phone = usePhone();
  return (
    <Drawer
      open={props.open}
      title={props.title}
      width={phone ? '100%' : props.width}
      onClose={props.onClose}
      destroyOnHidden
    >
      {props.children}
    </Drawer>
  );
}
