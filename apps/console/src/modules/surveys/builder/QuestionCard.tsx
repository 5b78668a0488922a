import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Col, Collapse, Input, InputNumber, Row, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { ConditionEditor } from './ConditionEditor.tsx';
import { choicesToText, type El, en, setLoc, textToChoices, zh } from './definition.ts';
import { QuestionKey } from './QuestionKey.tsx';

/** One question in the builder: titles first (Chinese and English), its type's settings, then "advanced". */
export function QuestionCard({
  el,
  keys,
  disabled,
  onPatch,
  onRemove,
  onMove,
}: {
  el: El;
  /** Every question key of the survey (this one included). */
  keys: string[];
  disabled?: boolean;
  onPatch: (patch: Partial<El>) => void;
  onRemove: () => void;
  onMove: (d: number) => void;
}) {
  const { t } = useTranslation('surveys');
  const text = el.type === 'html' ? 'html' : 'title';
  const others = keys.filter((k) => k !== el.name);
  return (
    <Card
      size="small"
      type="inner"
      style={{ marginBottom: 8 }}
      data-testid={`builder-${el.name}`}
      title={<Tag>{t(`elementTypes.${el.type}`, { defaultValue: el.type })}</Tag>}
      extra={
        !disabled && (
          <Space>
            {el.type !== 'html' && (
              <Checkbox
                checked={!!el.isRequired}
                onChange={(e) => onPatch({ isRequired: e.target.checked || undefined })}
              >
                {t('required')}
              </Checkbox>
            )}
            <Button size="small" icon={<ArrowUpOutlined />} onClick={() => onMove(-1)} aria-label={t('moveUp')} />
            <Button size="small" icon={<ArrowDownOutlined />} onClick={() => onMove(1)} aria-label={t('moveDown')} />
            <Button size="small" danger icon={<DeleteOutlined />} onClick={onRemove} aria-label={t('remove')} />
          </Space>
        )
      }
    >
      <Row gutter={8}>
        <Col xs={24} md={12}>
          <Input
            addonBefore="中"
            placeholder={t('titleZh')}
            value={zh(el[text])}
            disabled={disabled}
            data-testid="question-title-zh"
            onChange={(e) => onPatch({ [text]: setLoc(el[text], 'zh', e.target.value) })}
          />
        </Col>
        <Col xs={24} md={12}>
          <Input
            addonBefore="EN"
            placeholder={t('titleEn')}
            value={en(el[text])}
            disabled={disabled}
            data-testid="question-title-en"
            onChange={(e) => onPatch({ [text]: setLoc(el[text], 'en', e.target.value) })}
          />
        </Col>
      </Row>
      {el.type === 'rating' && (
        <Space style={{ marginTop: 8 }} wrap>
          {t('scale')}:
          <InputNumber
            size="small"
            value={el.rateMin ?? 1}
            disabled={disabled}
            onChange={(v) => onPatch({ rateMin: v ?? 1 })}
            style={{ width: 70 }}
          />
          –
          <InputNumber
            size="small"
            value={el.rateMax ?? 5}
            disabled={disabled}
            onChange={(v) => onPatch({ rateMax: v ?? 5 })}
            style={{ width: 70 }}
          />
          <Button size="small" onClick={() => onPatch({ rateMin: 0, rateMax: 10 })} disabled={disabled}>
            NPS 0–10
          </Button>
          <Button size="small" onClick={() => onPatch({ rateMin: 1, rateMax: 5 })} disabled={disabled}>
            CSAT 1–5
          </Button>
          <Button size="small" onClick={() => onPatch({ rateMin: 1, rateMax: 7 })} disabled={disabled}>
            CES 1–7
          </Button>
        </Space>
      )}
      {['radiogroup', 'checkbox', 'dropdown', 'ranking'].includes(el.type) && (
        <Input.TextArea
          style={{ marginTop: 8, fontFamily: 'monospace' }}
          rows={3}
          disabled={disabled}
          placeholder={t('choicesPlaceholder')}
          defaultValue={choicesToText(el.choices)}
          onBlur={(e) => onPatch({ choices: textToChoices(e.target.value) })}
        />
      )}
      {el.type === 'matrix' && (
        <Row gutter={8} style={{ marginTop: 8 }}>
          <Col span={12}>
            <Input.TextArea
              rows={3}
              disabled={disabled}
              placeholder={t('rows')}
              defaultValue={choicesToText(el.rows)}
              onBlur={(e) => onPatch({ rows: textToChoices(e.target.value) })}
              style={{ fontFamily: 'monospace' }}
            />
          </Col>
          <Col span={12}>
            <Input.TextArea
              rows={3}
              disabled={disabled}
              placeholder={t('columns')}
              defaultValue={choicesToText(el.columns)}
              onBlur={(e) => onPatch({ columns: textToChoices(e.target.value) })}
              style={{ fontFamily: 'monospace' }}
            />
          </Col>
        </Row>
      )}
      <Collapse
        ghost
        size="small"
        style={{ marginTop: 4 }}
        items={[
          {
            key: 'advanced',
            label: t('advanced'),
            children: (
              <>
                <QuestionKey
                  value={el.name}
                  otherKeys={others}
                  disabled={disabled}
                  onChange={(name) => onPatch({ name })}
                />
                <ConditionEditor value={el.visibleIf} names={others} onChange={(v) => onPatch({ visibleIf: v })} />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
