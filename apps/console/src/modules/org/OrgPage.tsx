import {
  DeleteOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  RollbackOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { TOrgUnit } from '@loopcx/shared';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Input,
  Popconfirm,
  Row,
  Space,
  Switch,
  Tag,
  Tree,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../lib/me.tsx';
import { toTree, useOrgUnits } from '../../lib/org.ts';
import { useSetOrgUnitStatus } from './api.ts';
import { ImportDialog } from './ImportDialog.tsx';
import { UnitForm, type UnitFormMode } from './UnitForm.tsx';

const KIND_COLOURS: Record<string, string> = {
  hq: 'magenta',
  region: 'purple',
  city: 'blue',
  store: 'green',
  department: 'orange',
};

export function OrgPage() {
  const { t, i18n } = useTranslation('org');
  const me = useMe();
  const { message } = App.useApp();
  const [showArchived, setShowArchived] = useState(false);
  const [q, setQ] = useState('');
  const [selectedId, setSelectedId] = useState<string>();
  const [mode, setMode] = useState<UnitFormMode | null>(null);
  const [importing, setImporting] = useState(false);
  const units = useOrgUnits({ includeArchived: showArchived });
  const canWrite = me.can('org.write');
  const list = units.data ?? [];
  const selected = list.find((u) => u.id === selectedId);
  const label = (u: TOrgUnit) => (i18n.language === 'en' && u.nameEn ? u.nameEn : u.name);

  const tree = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const visible = needle
      ? (() => {
          // Keep matches and their ancestors so the tree still reads top-down.
          const match = list.filter(
            (u) =>
              u.name.toLowerCase().includes(needle) ||
              u.code.toLowerCase().includes(needle) ||
              (u.nameEn ?? '').toLowerCase().includes(needle),
          );
          const keep = new Set(match.flatMap((u) => u.path.split('/').filter(Boolean)));
          return list.filter((u) => keep.has(u.id));
        })()
      : list;
    return toTree(visible, (u) => u.name);
  }, [list, q]);

  const setStatus = useSetOrgUnitStatus({
    onSuccess: () => message.success(t('core:common.saved')),
    onError: (err) => message.error(err.message),
  });

  const titleRender = (node: { unit: TOrgUnit }) => {
    const u = node.unit;
    return (
      <span data-testid={`unit-${u.code}`} style={{ opacity: u.status === 'archived' ? 0.5 : 1 }}>
        {label(u)} <Typography.Text type="secondary">{u.code}</Typography.Text>{' '}
        <Tag color={KIND_COLOURS[u.kind]} style={{ marginInlineStart: 4 }}>
          {t(`core:kinds.${u.kind}`)}
        </Tag>
        {u.status === 'archived' && <Tag>{t('core:common.archived')}</Tag>}
      </span>
    );
  };

  return (
    <div>
      <Space style={{ marginBottom: 16, flexWrap: 'wrap' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Input.Search
          placeholder={t('searchPlaceholder')}
          allowClear
          onChange={(e) => setQ(e.target.value)}
          style={{ width: 220 }}
        />
        <Space>
          <Switch checked={showArchived} onChange={setShowArchived} size="small" />
          {t('showArchived')}
        </Space>
        {canWrite && (
          <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
            {t('import')}
          </Button>
        )}
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={14}>
          <Card loading={units.isLoading} styles={{ body: { padding: 12 } }}>
            {tree.length ? (
              <Tree
                treeData={tree as never}
                titleRender={titleRender as never}
                defaultExpandAll
                key={`${showArchived}-${q}-${list.length}`}
                selectedKeys={selectedId ? [selectedId] : []}
                onSelect={(keys) => setSelectedId(keys[0] as string | undefined)}
                blockNode
              />
            ) : (
              <Empty />
            )}
          </Card>
        </Col>
        <Col xs={24} md={10}>
          <Card title={t('details')}>
            {selected ? (
              <>
                <Descriptions column={1} size="small">
                  <Descriptions.Item label={t('core:common.name')}>{selected.name}</Descriptions.Item>
                  <Descriptions.Item label={t('core:common.nameEn')}>{selected.nameEn ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('core:common.code')}>{selected.code}</Descriptions.Item>
                  <Descriptions.Item label={t('address')}>{selected.address ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('location')}>
                    {selected.location ? `${selected.location.lat}, ${selected.location.lng}` : '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('core:common.kind')}>
                    {t(`core:kinds.${selected.kind}`)}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('parent')}>
                    {list.find((u) => u.id === selected.parentId)?.name ?? '—'}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('core:common.status')}>
                    {t(`core:common.${selected.status}`)}
                  </Descriptions.Item>
                </Descriptions>
                {canWrite && (
                  <Space wrap style={{ marginTop: 12 }}>
                    {selected.status === 'active' && (
                      <Button
                        type="primary"
                        icon={<PlusOutlined />}
                        onClick={() => setMode({ kind: 'create', parent: selected })}
                        data-testid="add-child"
                      >
                        {t('addChild')}
                      </Button>
                    )}
                    <Button icon={<EditOutlined />} onClick={() => setMode({ kind: 'edit', unit: selected })}>
                      {t('core:common.edit')}
                    </Button>
                    {selected.parentId && selected.id !== me.orgUnit.id && (
                      <Button icon={<DragOutlined />} onClick={() => setMode({ kind: 'move', unit: selected })}>
                        {t('move')}
                      </Button>
                    )}
                    {selected.parentId && selected.id !== me.orgUnit.id && selected.status === 'active' && (
                      <Popconfirm
                        title={t('archiveConfirm', { name: selected.name })}
                        onConfirm={() => setStatus.mutate({ unit: selected, archive: true })}
                      >
                        <Button danger icon={<DeleteOutlined />}>
                          {t('archive')}
                        </Button>
                      </Popconfirm>
                    )}
                    {selected.status === 'archived' && (
                      <Button
                        icon={<RollbackOutlined />}
                        onClick={() => setStatus.mutate({ unit: selected, archive: false })}
                      >
                        {t('restore')}
                      </Button>
                    )}
                  </Space>
                )}
              </>
            ) : (
              <Empty description={t('select')} />
            )}
          </Card>
        </Col>
      </Row>
      <UnitForm
        mode={mode}
        units={list.filter((u) => u.status === 'active')}
        onClose={(saved) => {
          setMode(null);
          if (saved) setSelectedId(saved.id);
        }}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} rootId={selected?.id} />
    </div>
  );
}
