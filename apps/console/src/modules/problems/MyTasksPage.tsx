import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useLiveEvents } from '../../lib/live.ts';
import { useInvalidate } from '../../lib/query.ts';
import { type MyTask, problemKeys, useMyTasks } from './api.ts';

/** "My tasks" for department owners: what to do (overdue first) and what awaits my acceptance. */
export function MyTasksPage() {
  const { t, i18n } = useTranslation('problems');
  const [params] = useSearchParams();
  const q = useMyTasks();
  const invalidate = useInvalidate();
  useLiveEvents(['problems'], () => invalidate(problemKeys.mine()));
  const zh = i18n.language.startsWith('zh');
  const items = q.data ?? [];
  const todo = items.filter((x) => x.canWork && x.status !== 'submitted');
  const review = items.filter((x) => x.reviewer && x.status === 'submitted');
  const overdueOnly = params.get('overdue') === '1';
  const section = (title: string, list: MyTask[], testId: string) => (
    <Card size="small" title={title} style={{ marginBottom: 12 }} data-testid={testId}>
      {list.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('empty')} />
      ) : (
        <List
          dataSource={list}
          renderItem={(x) => (
            <List.Item>
              <Space direction="vertical" size={2} style={{ width: '100%' }}>
                <Link to={`/problems/${x.problemId}`}>
                  <Typography.Text strong>{x.title}</Typography.Text>
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  P-{x.problemNumber} {x.problemTitle}
                </Typography.Text>
                <Space wrap size={4}>
                  <Tag>{zh ? x.ownerName : (x.ownerNameEn ?? x.ownerName)}</Tag>
                  <Tag>{t(`s.${x.status}`)}</Tag>
                  <Typography.Text type={x.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
                    {x.overdue ? `${t('late')} · ` : ''}
                    {t('dueAt')} {dayjs(x.dueAt).format('YYYY-MM-DD')}
                  </Typography.Text>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
  return (
    <div>
      <Typography.Title level={4}>{t('mineTitle')}</Typography.Title>
      {section(t('toDo'), overdueOnly ? todo.filter((x) => x.overdue) : todo, 'my-todo')}
      {section(t('toReview'), review, 'my-review')}
    </div>
  );
}
