/** @jsxImportSource preact */
import type { TPublicAudit } from '@loopcx/shared';
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { flush, loadAudit } from './audit-api.ts';
import { AUDIT_STRINGS, type AuditLang } from './audit-i18n.ts';
import { type AuditDraft, clearDraft, keepPhoto, loadDraft, type Result, saveDraft } from './audit-store.ts';

type Item = TPublicAudit['items'][number];
type Status = 'idle' | 'sending' | 'waiting' | 'sent' | 'failed';
type T = (typeof AUDIT_STRINGS)[AuditLang];

const MAX_PHOTO = 5 * 1024 * 1024;
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const token = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const viewKey = `lcx-audit-view:${token.slice(0, 64)}`;
const text = (i: Item, lang: AuditLang) => (lang === 'en' ? (i.textEn ?? i.text) : i.text);
const time = (iso: string) => new Date(iso).toLocaleString();

/** What is missing before submit, per item code. */
function check(items: Item[], d: AuditDraft, t: T): Record<string, string> {
  const errs: Record<string, string> = {};
  for (const i of items) {
    const a = d.answers[i.code];
    if (!a?.result) errs[i.code] = t.unanswered;
    else if (a.result === 'fail' && i.evidence === 'note' && !a.note?.trim()) errs[i.code] = t.noteRequired;
    else if (a.result === 'fail' && i.evidence === 'photo' && !d.photos.some((p) => p.itemCode === i.code))
      errs[i.code] = t.photoRequired;
  }
  return errs;
}

/** The current position when the browser allows it within a few seconds; nothing otherwise. */
function position(): Promise<AuditDraft['checkIn']> {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve({});
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracyM: p.coords.accuracy }),
      () => resolve({}),
      { timeout: 8000, maximumAge: 60_000 },
    );
  });
}

function ItemCard(props: {
  item: Item;
  draft: AuditDraft;
  t: T;
  lang: AuditLang;
  error?: string;
  readOnly: boolean;
  set: (code: string, a: { result?: Result; note?: string }) => void;
  addPhoto: (code: string, file: File) => void;
}) {
  const { item, draft, t, lang, readOnly } = props;
  const a = readOnly ? { result: item.result ?? undefined, note: item.note ?? undefined } : draft.answers[item.code];
  const photos = draft.photos.filter((p) => p.itemCode === item.code);
  return (
    <div class={`card ${props.error ? 'err' : ''}`} data-item={item.code}>
      <div class="qtitle">
        {item.severity === 'fatal' && <span class="tag fatal">{t.fatal}</span>} {text(item, lang)}
      </div>
      <div class="seg" role="group">
        {(['pass', 'fail', 'na'] as const).map((r) => (
          <button
            type="button"
            key={r}
            class={`segbtn ${r} ${a?.result === r ? 'on' : ''}`}
            aria-pressed={a?.result === r}
            disabled={readOnly}
            onClick={() => props.set(item.code, { result: r })}
          >
            {t[r]}
          </button>
        ))}
      </div>
      {a?.result === 'fail' && (
        <div class="evidence">
          <textarea
            aria-label={t.note}
            placeholder={`${t.note}${item.evidence === 'note' ? ' *' : ''}`}
            value={a.note ?? ''}
            disabled={readOnly}
            maxLength={2000}
            onInput={(e) => props.set(item.code, { note: (e.target as HTMLTextAreaElement).value })}
          />
          {!readOnly && (
            <label class="btn ghost photo">
              {t.photo}
              {item.evidence === 'photo' ? ' *' : ''}
              <input
                type="file"
                accept={PHOTO_TYPES.join(',')}
                capture="environment"
                onChange={(e) => {
                  const f = (e.target as HTMLInputElement).files?.[0];
                  if (f) props.addPhoto(item.code, f);
                  (e.target as HTMLInputElement).value = '';
                }}
              />
            </label>
          )}
          {readOnly
            ? item.photos.map((p) => <img key={p.id} class="thumb" src={p.url} alt="" />)
            : photos.map((p) => (
                <div key={p.local} class="hint">
                  {p.id ? t.photoSent : t.photoWaiting}
                </div>
              ))}
        </div>
      )}
      {props.error && <div class="errmsg">{props.error}</div>}
    </div>
  );
}

/** How far from the store the check-in was; over 500 m it is a warning. */
function Distance({ m, t }: { m: number | null; t: T }) {
  if (m === null) return null;
  const far = m > 500;
  return (
    <div class={far ? 'errmsg' : 'hint'} data-testid="check-in-distance" data-far={far ? 'true' : 'false'}>
      {t.distance(Math.round(m))}
      {far ? ` · ${t.farAway}` : ''}
    </div>
  );
}

function AuditPage({ initial }: { initial: TPublicAudit }) {
  const [lang, setLang] = useState<AuditLang>(navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en');
  const t = AUDIT_STRINGS[lang];
  const [audit, setAudit] = useState(initial);
  const [draft, setDraft] = useState<AuditDraft>(() => loadDraft(token));
  const [status, setStatus] = useState<Status>(draft.outbox ? 'waiting' : 'idle');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const latest = useRef(draft);
  const readOnly = audit.status !== 'assigned';

  const persist = (d: AuditDraft) => {
    latest.current = d;
    saveDraft(token, d);
    setDraft(d);
  };
  const send = async () => {
    // While waiting the page stays "waiting" (the backoff timer keeps its delay) until the send succeeds.
    if (latest.current.outbox) setStatus((s) => (s === 'waiting' ? s : 'sending'));
    const r = await flush(token, latest.current, persist);
    if (r.ok) {
      if (r.value) setAudit(r.value);
      if (r.value?.status === 'submitted') {
        clearDraft(token);
        setStatus('sent');
      } else setStatus((s) => (s === 'sending' ? 'idle' : s));
    } else if (r.retry) setStatus(latest.current.outbox ? 'waiting' : 'idle');
    else {
      persist({ ...latest.current, outbox: false });
      setFailure(r.detail);
      setStatus('failed');
    }
  };
  const pending = () => {
    const d = latest.current;
    return d.outbox || !!d.checkIn || d.photos.some((p) => !p.id);
  };
  // On open (what an earlier visit left behind) and whenever the browser says it is back online.
  // biome-ignore lint/correctness/useExhaustiveDependencies: registered once; send and pending read the ref
  useEffect(() => {
    if (!readOnly && pending()) void send();
    const online = () => {
      if (pending()) void send();
    };
    window.addEventListener('online', online);
    return () => window.removeEventListener('online', online);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  // Waiting: retry with backoff (2 s doubling to a minute), the same idempotency key each time.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-arm only when the status changes; send reads the ref
  useEffect(() => {
    if (status !== 'waiting') return;
    let delay = 2000;
    let timer: number;
    const schedule = () => {
      timer = window.setTimeout(() => {
        void send();
        delay = Math.min(delay * 2, 60_000);
        schedule();
      }, delay);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [status]);

  const set = (code: string, a: { result?: Result; note?: string }) => {
    persist({
      ...latest.current,
      answers: { ...latest.current.answers, [code]: { ...latest.current.answers[code], ...a } },
    });
    setErrors((e) => ({ ...e, [code]: '' }));
  };
  const addPhoto = async (code: string, file: File) => {
    if (file.size > MAX_PHOTO || !PHOTO_TYPES.includes(file.type)) {
      setErrors((e) => ({ ...e, [code]: t.photoTooBig }));
      return;
    }
    const local = await keepPhoto(file);
    persist({ ...latest.current, photos: [...latest.current.photos, { local, itemCode: code }] });
    setErrors((e) => ({ ...e, [code]: '' }));
    void send();
  };
  const checkIn = async () => {
    setStatus('sending');
    persist({ ...latest.current, checkIn: await position() });
    await send();
  };
  const submit = () => {
    const errs = check(audit.items, latest.current, t);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    persist({ ...latest.current, outbox: true });
    void send();
  };

  const sections = [...new Set(audit.items.map((i) => i.section ?? ''))];
  const unit = lang === 'en' ? (audit.orgUnit.nameEn ?? audit.orgUnit.name) : audit.orgUnit.name;
  return (
    <div>
      <header class="head">
        <div>
          <div class="title">{audit.checklistName}</div>
          <div class="hint">
            {unit} · {audit.orgUnit.code}
            {audit.dueAt ? ` · ${t.due} ${time(audit.dueAt)}` : ''}
          </div>
          {audit.orgUnit.address && (
            <div class="hint" data-testid="unit-address">
              {audit.orgUnit.address}
            </div>
          )}
        </div>
        <button type="button" class="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t.lang}
        </button>
      </header>
      {readOnly ? (
        <div class="card done" data-state="submitted">
          <p>{status === 'sent' ? t.sent : t.submitted}</p>
          <p class="hint">
            {t.score} {audit.score === null ? '—' : Math.round(audit.score * 100)} · {t.fatalFailures}{' '}
            {audit.fatalFailures}
          </p>
        </div>
      ) : (
        <div class="card">
          {audit.checkIn ? (
            <div data-state="checked-in">
              {t.checkedIn} {time(audit.checkIn.at)} {audit.checkIn.lat === null ? t.noPosition : ''}
              <Distance m={audit.checkIn.distanceM} t={t} />
            </div>
          ) : (
            <button type="button" class="btn" data-testid="check-in" disabled={status === 'sending'} onClick={checkIn}>
              {status === 'sending' ? t.checkingIn : t.checkIn}
            </button>
          )}
        </div>
      )}
      {sections.map((s) => (
        <section key={s}>
          {sections.length > 1 && <h3 class="section">{s || t.general}</h3>}
          {audit.items
            .filter((i) => (i.section ?? '') === s)
            .map((i) => (
              <ItemCard
                key={i.code}
                item={i}
                draft={draft}
                t={t}
                lang={lang}
                error={errors[i.code]}
                readOnly={readOnly}
                set={set}
                addPhoto={addPhoto}
              />
            ))}
        </section>
      ))}
      {status === 'waiting' && (
        <div class="notice" data-state="waiting">
          {t.waiting}
        </div>
      )}
      {status === 'failed' && <div class="notice bad">{`${t.failed}: ${failure}`}</div>}
      {!readOnly && (
        <nav class="nav">
          <button
            type="button"
            class="btn"
            data-testid="submit-audit"
            disabled={status === 'sending' || status === 'waiting'}
            onClick={submit}
          >
            {status === 'sending' ? t.sending : t.submit}
          </button>
        </nav>
      )}
    </div>
  );
}

/** Mounts the external inspector's page (`/a/{token}`): the audit from the server, or the last copy offline. */
export async function mountAudit(host: HTMLElement) {
  const lang: AuditLang = navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  const t = AUDIT_STRINGS[lang];
  const r = await loadAudit(token);
  let audit: TPublicAudit | undefined;
  if (r.ok) {
    audit = r.value;
    try {
      localStorage.setItem(viewKey, JSON.stringify(audit));
    } catch {
      /* storage full: the page still works online */
    }
  } else if (r.retry) {
    const cached = localStorage.getItem(viewKey);
    if (cached) audit = JSON.parse(cached) as TPublicAudit;
  }
  if (audit) {
    document.title = audit.checklistName;
    render(<AuditPage initial={audit} />, host);
    return;
  }
  const msg = r.ok ? '' : r.retry ? t.offlineLoad : /cancel/i.test(r.detail) ? t.gone : t.invalid;
  render(<div class="card done">{msg}</div>, host);
}
