import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { nextQuestionKey } from '@loopcx/shared';
import { Button, Card, Dropdown, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Def, type El, en, move, setLoc, zh } from './builder/definition.ts';
import { QuestionCard } from './builder/QuestionCard.tsx';
import { QUESTION_TYPES } from './builder/question-types.ts';

/** What the editor around the builder hears besides the new definition (to keep metric bindings in step). */
export interface BuilderEvents {
  /** A question was added with its generated key; `kind` is the menu entry (`nps`, `csat`, `comment`, …). */
  onAdded?: (kind: string, key: string) => void;
  /** A question's key was changed in its advanced settings. */
  onRenamed?: (from: string, to: string) => void;
}

/**
 * A visual editor for the common CX question types; edits the SurveyJS JSON shown in the JSON tab. Question keys are
 * generated (`q1`, `q2`, …) and only shown under a question's advanced settings: the first thing a question asks
 * for is its title.
 */
export function Builder({
  definition,
  onChange,
  disabled,
  onAdded,
  onRenamed,
}: {
  definition: Def;
  onChange: (d: Def) => void;
  disabled?: boolean;
} & BuilderEvents) {
  const { t } = useTranslation('surveys');
  const pages = definition.pages ?? [{ name: 'page1', elements: definition.elements ?? [] }];
  const keys = pages.flatMap((p) => (p.elements ?? []).map((e) => e.name as string));
  const commit = (next: typeof pages) => {
    const { elements: _drop, ...rest } = definition;
    onChange({ ...rest, pages: next });
  };
  const setElements = (pi: number, fn: (els: El[]) => El[]) =>
    commit(pages.map((p, i) => (i === pi ? { ...p, elements: fn(p.elements ?? []) } : p)));
  const patchEl = (pi: number, ei: number, el: El, patch: Partial<El>) => {
    setElements(pi, (els) => els.map((e, j) => (j === ei ? { ...e, ...patch } : e)));
    if (patch.name !== undefined && patch.name !== el.name) onRenamed?.(el.name, patch.name);
  };
  const pageName = () => {
    let i = 1;
    while (pages.some((p) => p.name === `page${i}`)) i++;
    return `page${i}`;
  };
  const setPageTitle = (pi: number, lang: 'zh' | 'en', text: string) =>
    commit(pages.map((x, i) => (i === pi ? { ...x, title: setLoc(x.title, lang, text) } : x)));
  return (
    <div>
      {pages.map((p, pi) => (
        <Card
          key={p.name}
          size="small"
          style={{ marginBottom: 12 }}
          title={
            <Space wrap>
              <Typography.Text strong>
                {t('page')} {pi + 1}
              </Typography.Text>
              <Input
                size="small"
                placeholder={t('pageTitleZh')}
                value={zh(p.title)}
                disabled={disabled}
                onChange={(e) => setPageTitle(pi, 'zh', e.target.value)}
                style={{ width: 160 }}
              />
              <Input
                size="small"
                placeholder={t('pageTitleEn')}
                value={en(p.title)}
                disabled={disabled}
                onChange={(e) => setPageTitle(pi, 'en', e.target.value)}
                style={{ width: 160 }}
              />
            </Space>
          }
          extra={
            !disabled && (
              <Space>
                <Button
                  size="small"
                  icon={<ArrowUpOutlined />}
                  aria-label={t('moveUp')}
                  onClick={() => commit(move(pages, pi, -1))}
                  disabled={pi === 0}
                />
                <Button
                  size="small"
                  icon={<ArrowDownOutlined />}
                  aria-label={t('moveDown')}
                  onClick={() => commit(move(pages, pi, 1))}
                  disabled={pi === pages.length - 1}
                />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('remove')}
                  onClick={() => commit(pages.filter((_, i) => i !== pi))}
                  disabled={pages.length === 1}
                />
              </Space>
            )
          }
        >
          {(p.elements ?? []).map((el, ei) => (
            <QuestionCard
              // biome-ignore lint/suspicious/noArrayIndexKey: the key changes while it is typed; the position is the stable identity
              key={`${pi}-${ei}`}
              el={el}
              keys={keys}
              disabled={disabled}
              onPatch={(patch) => patchEl(pi, ei, el, patch)}
              onRemove={() => setElements(pi, (els) => els.filter((_, j) => j !== ei))}
              onMove={(d) => setElements(pi, (els) => move(els, ei, d))}
            />
          ))}
          {!disabled && (
            <Dropdown
              menu={{
                items: QUESTION_TYPES.map((ty) => ({ key: ty.key, label: t(`types.${ty.key}`) })),
                onClick: ({ key: kind }) => {
                  const key = nextQuestionKey(keys);
                  setElements(pi, (els) => [...els, QUESTION_TYPES.find((ty) => ty.key === kind)!.make(key)]);
                  onAdded?.(kind, key);
                },
              }}
            >
              <Button icon={<PlusOutlined />} data-testid={`add-question-${pi}`}>
                {t('addQuestion')}
              </Button>
            </Dropdown>
          )}
        </Card>
      ))}
      {!disabled && (
        <Button onClick={() => commit([...pages, { name: pageName(), elements: [] }])}>{t('addPage')}</Button>
      )}
    </div>
  );
}
