/** @jsxImportSource preact */
import type { JSX } from 'preact';
import { type Lang, loc, STRINGS } from './i18n.ts';

export type El = Record<string, any>;
type Props = {
  q: El;
  value: unknown;
  set: (v: unknown) => void;
  setComment: (v: string) => void;
  lang: Lang;
  disabled: boolean;
  answers: Record<string, unknown>;
};

const choiceList = (q: El) =>
  (q.choices ?? []).map((c: any) => (typeof c === 'object' ? c : { value: c, text: String(c) }));

function Rating({ q, value, set, lang, disabled }: Props) {
  const values: Array<{ value: number | string; text: string }> = q.rateValues?.length
    ? q.rateValues.map((v: any) =>
        typeof v === 'object' ? { value: v.value, text: loc(v.text ?? v.value, lang) } : { value: v, text: String(v) },
      )
    : Array.from({ length: Number(q.rateMax ?? 5) - Number(q.rateMin ?? 1) + 1 }, (_, i) => ({
        value: Number(q.rateMin ?? 1) + i,
        text: String(Number(q.rateMin ?? 1) + i),
      }));
  return (
    <div>
      <div class={`rate n${values.length}`}>
        {values.map((v) => (
          <button
            key={String(v.value)}
            type="button"
            disabled={disabled}
            class={value === v.value ? 'on' : ''}
            onClick={() => set(v.value)}
            aria-pressed={value === v.value}
          >
            {v.text}
          </button>
        ))}
      </div>
      {(q.minRateDescription || q.maxRateDescription) && (
        <div class="rate-ends">
          <span>{loc(q.minRateDescription, lang)}</span>
          <span>{loc(q.maxRateDescription, lang)}</span>
        </div>
      )}
    </div>
  );
}

function Choices({ q, value, set, setComment, lang, disabled, answers, multi }: Props & { multi: boolean }) {
  const list = choiceList(q);
  const other = q.showOtherItem || q.hasOther;
  const selected = multi ? ((value as unknown[]) ?? []) : value;
  const toggle = (v: unknown) => {
    if (!multi) return set(v);
    const cur = (selected as unknown[]) ?? [];
    set(cur.includes(v) ? cur.filter((x) => x !== v) : [...cur, v]);
  };
  const isOn = (v: unknown) => (multi ? ((selected as unknown[]) ?? []).includes(v) : selected === v);
  return (
    <div class="choices">
      {[...list, ...(other ? [{ value: 'other', text: STRINGS[lang].other }] : [])].map((c: any) => (
        <label key={String(c.value)} class={`choice ${isOn(c.value) ? 'on' : ''}`}>
          <input
            type={multi ? 'checkbox' : 'radio'}
            name={q.name}
            disabled={disabled}
            checked={isOn(c.value)}
            onChange={() => toggle(c.value)}
          />
          <span>{loc(c.text ?? c.value, lang)}</span>
        </label>
      ))}
      {other && isOn('other') && (
        <input
          class="text"
          maxLength={2000}
          value={(answers[`${q.name}-Comment`] as string) ?? ''}
          onInput={(e) => setComment((e.target as HTMLInputElement).value)}
        />
      )}
    </div>
  );
}

function Ranking({ q, value, set, lang, disabled }: Props) {
  const list = choiceList(q);
  const order = (value as unknown[]) ?? [];
  return (
    <div>
      <p class="hint">{STRINGS[lang].rankHint}</p>
      <div class="choices">
        {list.map((c: any) => {
          const rank = order.indexOf(c.value);
          return (
            <button
              key={String(c.value)}
              type="button"
              class={`choice rank ${rank >= 0 ? 'on' : ''}`}
              disabled={disabled || rank >= 0}
              onClick={() => set([...order, c.value])}
            >
              <b>{rank >= 0 ? rank + 1 : ''}</b> {loc(c.text ?? c.value, lang)}
            </button>
          );
        })}
      </div>
      {order.length > 0 && (
        <button type="button" class="link" onClick={() => set(undefined)}>
          {STRINGS[lang].reset}
        </button>
      )}
    </div>
  );
}

function Matrix({ q, value, set, lang, disabled }: Props) {
  const cols = choiceList({ choices: q.columns });
  const rows = choiceList({ choices: q.rows });
  const v = (value as Record<string, unknown>) ?? {};
  return (
    <div class="matrix">
      {rows.map((r: any) => (
        <div key={String(r.value)} class="mrow">
          <div class="mlabel">{loc(r.text ?? r.value, lang)}</div>
          <div class="choices inline">
            {cols.map((c: any) => (
              <button
                key={String(c.value)}
                type="button"
                disabled={disabled}
                class={`chip ${v[r.value] === c.value ? 'on' : ''}`}
                onClick={() => set({ ...v, [r.value]: c.value })}
              >
                {loc(c.text ?? c.value, lang)}
              </button>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}

/** Renders one question of the lean subset. */
export function Question(p: Props): JSX.Element | null {
  const { q, value, set, lang, disabled } = p;
  switch (q.type) {
    case 'rating':
      return <Rating {...p} />;
    case 'radiogroup':
      return <Choices {...p} multi={false} />;
    case 'checkbox':
      return <Choices {...p} multi={true} />;
    case 'dropdown':
      return (
        <select
          class="text"
          disabled={disabled}
          value={value === undefined ? '' : String(value)}
          onChange={(e) => set((e.target as HTMLSelectElement).value || undefined)}
        >
          <option value="">{loc(q.placeholder, lang) || STRINGS[lang].select}</option>
          {choiceList(q).map((c: any) => (
            <option key={String(c.value)} value={String(c.value)}>
              {loc(c.text ?? c.value, lang)}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <div class="rate n2">
          {[true, false].map((b) => (
            <button
              key={String(b)}
              type="button"
              disabled={disabled}
              class={value === b ? 'on' : ''}
              onClick={() => set(b)}
            >
              {loc(b ? q.labelTrue : q.labelFalse, lang) || (b ? STRINGS[lang].yes : STRINGS[lang].no)}
            </button>
          ))}
        </div>
      );
    case 'text': {
      const numeric = q.inputType === 'number';
      return (
        <input
          class="text"
          disabled={disabled}
          type={numeric ? 'number' : ['email', 'tel', 'date'].includes(q.inputType) ? q.inputType : 'text'}
          inputMode={numeric ? 'decimal' : q.inputType === 'tel' ? 'tel' : undefined}
          autoComplete={q.inputType === 'tel' ? 'tel' : undefined}
          maxLength={q.maxLength > 0 ? q.maxLength : 2000}
          placeholder={loc(q.placeholder, lang)}
          value={value === undefined ? '' : String(value)}
          onInput={(e) => {
            const raw = (e.target as HTMLInputElement).value;
            set(raw === '' ? undefined : numeric ? Number(raw) : raw);
          }}
        />
      );
    }
    case 'comment':
      return (
        <textarea
          class="text"
          rows={4}
          disabled={disabled}
          maxLength={q.maxLength > 0 ? q.maxLength : 2000}
          placeholder={loc(q.placeholder, lang)}
          value={(value as string) ?? ''}
          onInput={(e) => set((e.target as HTMLTextAreaElement).value || undefined)}
        />
      );
    case 'ranking':
      return <Ranking {...p} />;
    case 'matrix':
      return <Matrix {...p} />;
    default:
      return null;
  }
}
