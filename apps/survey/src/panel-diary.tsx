/** @jsxImportSource preact */
import type { TPortal, TPortalDiarySurvey } from '@loopcx/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Send } from './full.tsx';

/**
 * A diary task on the member portal (decision 81, amended): the task's survey, fetched from the portal
 * (`…/assignments/{id}/survey`, the portal token the only credential) and rendered with the respondent app's SurveyJS
 * renderer (`full.tsx`, the chunk survey links use), its completion posted as one diary entry (`…/entries`), which
 * the server writes as a response of that survey. Answers in progress stay on the device per assignment, with one
 * idempotency key, so a resend after a network drop is the same entry.
 */
type Lang = 'zh' | 'en';
type Assignment = TPortal['assignments'][number];

const S = {
  zh: {
    rule: { once: '写一篇日记', daily: '每天一篇' },
    count: (n: number, min: number) => `已写 ${n} 篇 · 满 ${min} 篇可提交`,
    write: '写今天的日记',
    writeOnce: '写日记',
    today: '今天的日记已写好，明天再来',
    loading: '加载问卷…',
    unavailable: '日记问卷暂不可用',
    cancel: '取消',
  },
  en: {
    rule: { once: 'One entry', daily: 'One entry a day' },
    count: (n: number, min: number) => `${n} written · submit after ${min}`,
    write: 'Write today’s entry',
    writeOnce: 'Write the entry',
    today: 'Today’s entry is written; come back tomorrow',
    loading: 'Loading the survey…',
    unavailable: 'The diary survey is not available right now',
    cancel: 'Cancel',
  },
};

export function DiaryView(props: { a: Assignment; lang: Lang; token: string; update: (p: TPortal) => void }) {
  const { a, lang } = props;
  const t = S[lang];
  const diary = a.diary!;
  const base = `/api/v1/public/panel-members/${encodeURIComponent(props.token)}/assignments/${a.id}`;
  const [writing, setWriting] = useState(false);
  const [failure, setFailure] = useState('');
  const host = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: mounted once per "write" (the renderer owns its state)
  useEffect(() => {
    if (!writing || !host.current) return;
    let unmount: (() => void) | undefined;
    let gone = false;
    void (async () => {
      const res = await fetch(`${base}/survey`).catch(() => null);
      const survey = res?.ok ? ((await res.json()) as TPortalDiarySurvey) : null;
      if (gone) return;
      if (!survey || !host.current) {
        setFailure(t.unavailable);
        setWriting(false);
        return;
      }
      const { mountFull } = await import('./full.tsx');
      if (gone || !host.current) return;
      host.current.textContent = '';
      const send: Send = async (saved, locale) => {
        try {
          const r = await fetch(`${base}/entries`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ answers: saved.answers, idempotencyKey: saved.key, locale }),
          });
          const body = await r.json().catch(() => ({}));
          if (r.ok) {
            // The entry is stored: the portal shows it at once and the survey closes (no thank-you page needed).
            props.update(body as TPortal);
            setTimeout(() => setWriting(false), 0);
            return { ok: true };
          }
          return {
            ok: false,
            offline: false,
            status: r.status,
            detail: (body as { detail?: string }).detail ?? r.statusText,
            fields: (body as { invalidParams?: Array<{ name: string; reason: string }> }).invalidParams ?? [],
          };
        } catch {
          return { ok: false, offline: true };
        }
      };
      unmount = mountFull(
        host.current,
        { definition: survey.definition, context: {}, locale: lang === 'zh' ? 'zh-cn' : 'en' },
        `diary:${a.id}`,
        false,
        () => setWriting(false),
        send,
      );
    })();
    return () => {
      gone = true;
      unmount?.();
    };
  }, [writing]);
  return (
    <div class="card" data-testid="diary">
      <div class="qtitle">{diary.surveyName}</div>
      <div class="hint" data-testid="diary-count">
        {t.rule[diary.entries]} · {t.count(diary.days.length, diary.minEntries)}
      </div>
      {diary.days.length > 0 && <div class="hint">{diary.days.join(' · ')}</div>}
      {writing ? (
        <>
          <div ref={host} data-testid="diary-survey">
            <div class="boot">{t.loading}</div>
          </div>
          <button type="button" class="btn ghost" onClick={() => setWriting(false)}>
            {t.cancel}
          </button>
        </>
      ) : diary.canAdd ? (
        <button
          type="button"
          class="btn"
          data-testid="diary-write"
          onClick={() => {
            setFailure('');
            setWriting(true);
          }}
        >
          {diary.entries === 'daily' ? t.write : t.writeOnce}
        </button>
      ) : (
        a.status === 'assigned' && diary.entries === 'daily' && <div class="hint">{t.today}</div>
      )}
      {failure && <div class="notice bad">{failure}</div>}
    </div>
  );
}
