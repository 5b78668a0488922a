/** @jsxImportSource preact */
import type { TPortal, TPublicPanel } from '@loopcx/shared';
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { DiaryView } from './panel-diary.tsx';
import { type Lang, S, type T } from './panel-i18n.ts';
import { PortalRewards } from './panel-rewards.tsx';

/**
 * The experience panel's two phone pages on the respondent runtime: `/join/{token}` (recruitment: the panel, the
 * contact fields with consent, the screener) and `/m/{token}` (a member's portal: points, tier, tasks; an offline
 * task's check-in, photos, report and submit; a diary task's entries, `panel-diary.tsx`; the rewards,
 * `panel-rewards.tsx`). Both talk to `/api/v1/public/…` with the signed token only.
 */
type Assignment = TPortal['assignments'][number];

const token = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const initialLang = (): Lang => (navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en');
const time = (iso: string) => new Date(iso).toLocaleString();

async function call<R>(
  url: string,
  init?: RequestInit,
): Promise<{ ok: true; value: R } | { ok: false; detail: string }> {
  try {
    const res = await fetch(url, init);
    const body = (await res.json().catch(() => ({}))) as R & { detail?: string };
    return res.ok ? { ok: true, value: body } : { ok: false, detail: body.detail ?? res.statusText };
  } catch {
    return { ok: false, detail: 'network' };
  }
}
const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

function Head({ title, sub, lang, setLang }: { title: string; sub?: string; lang: Lang; setLang: (l: Lang) => void }) {
  return (
    <header class="head">
      <div>
        <div class="title">{title}</div>
        {sub && <div class="hint">{sub}</div>}
      </div>
      <button type="button" class="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
        {S[lang].lang}
      </button>
    </header>
  );
}

function JoinPage({ panel }: { panel: TPublicPanel }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  const t = S[lang];
  const [form, setForm] = useState({ name: '', phone: '', email: '', consent: false });
  const [answers, setAnswers] = useState<Record<string, string | string[]>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ status: string; portalUrl: string | null } | null>(null);
  const [failure, setFailure] = useState('');
  const loc = (x: { zh: string; en: string }) => (lang === 'zh' ? x.zh : x.en);

  const submit = async () => {
    const errs: Record<string, string> = {};
    if (!form.name.trim()) errs.name = t.required;
    if (!form.phone.trim() && !form.email.trim()) errs.phone = t.contactNeeded;
    if (!form.consent) errs.consent = t.consentNeeded;
    for (const q of panel.questions) {
      const a = answers[q.name];
      if (q.required && (a === undefined || a === '' || (Array.isArray(a) && !a.length))) errs[q.name] = t.required;
    }
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setFailure('');
    const clean = Object.fromEntries(
      Object.entries(answers).filter(([, v]) => (Array.isArray(v) ? v.length : v.trim())),
    );
    const r = await call<{ status: string; portalUrl: string | null }>(
      `/api/v1/public/panels/${encodeURIComponent(token)}/apply`,
      post({
        name: form.name.trim(),
        ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
        ...(form.email.trim() ? { email: form.email.trim() } : {}),
        consent: true,
        answers: clean,
      }),
    );
    setBusy(false);
    if (r.ok) setDone(r.value);
    else setFailure(r.detail);
  };

  if (done)
    return (
      <div>
        <Head title={panel.name} lang={lang} setLang={setLang} />
        <div class="card done" data-state={done.status}>
          <p>{done.status === 'active' ? t.active : done.status === 'rejected' ? t.rejected : t.applied}</p>
          {done.portalUrl && (
            <a class="btn" data-testid="open-portal" href={done.portalUrl}>
              {t.openPortal}
            </a>
          )}
        </div>
      </div>
    );
  const input = (key: 'name' | 'phone' | 'email', type: 'text' | 'tel' | 'email', label: string) => (
    <label class="field">
      <span class="qtitle">{label}</span>
      <input
        class="panel-input"
        type={type as 'text'}
        name={key}
        value={form[key]}
        maxLength={key === 'email' ? 254 : 100}
        onInput={(e) => setForm({ ...form, [key]: (e.target as HTMLInputElement).value })}
      />
      {errors[key] && <span class="errmsg">{errors[key]}</span>}
    </label>
  );
  return (
    <div>
      <Head title={panel.name} lang={lang} setLang={setLang} />
      {panel.description && <div class="card">{panel.description}</div>}
      {panel.benefits && (
        <div class="card">
          <div class="qtitle">{t.benefits}</div>
          <div class="hint">{panel.benefits}</div>
        </div>
      )}
      {!panel.open ? (
        <div class="card done">{t.closed}</div>
      ) : (
        <>
          <div class="card">
            {input('name', 'text', `${t.name} *`)}
            {input('phone', 'tel', t.phone)}
            {input('email', 'email', t.email)}
          </div>
          {panel.questions.map((q) => (
            <div class={`card ${errors[q.name] ? 'err' : ''}`} key={q.name} data-question={q.name}>
              <div class="qtitle">
                {loc(q.title)}
                {q.required ? ' *' : ''}
              </div>
              {q.type === 'text' ? (
                <textarea
                  class="text"
                  maxLength={2000}
                  value={(answers[q.name] as string) ?? ''}
                  onInput={(e) => setAnswers({ ...answers, [q.name]: (e.target as HTMLTextAreaElement).value })}
                />
              ) : (
                q.choices.map((c) => {
                  const cur = answers[q.name];
                  const on = Array.isArray(cur) ? cur.includes(c.value) : cur === c.value;
                  return (
                    <label class="choice" key={c.value}>
                      <input
                        type={q.type === 'multi' ? 'checkbox' : 'radio'}
                        name={q.name}
                        value={c.value}
                        checked={on}
                        onChange={() => {
                          if (q.type !== 'multi') return setAnswers({ ...answers, [q.name]: c.value });
                          const list = Array.isArray(cur) ? cur : [];
                          setAnswers({
                            ...answers,
                            [q.name]: on ? list.filter((v) => v !== c.value) : [...list, c.value],
                          });
                        }}
                      />{' '}
                      {loc(c.text)}
                    </label>
                  );
                })
              )}
              {errors[q.name] && <div class="errmsg">{errors[q.name]}</div>}
            </div>
          ))}
          <div class="card">
            <label class="choice">
              <input
                type="checkbox"
                name="consent"
                checked={form.consent}
                onChange={(e) => setForm({ ...form, consent: (e.target as HTMLInputElement).checked })}
              />{' '}
              {t.consent}
            </label>
            {errors.consent && <div class="errmsg">{errors.consent}</div>}
          </div>
          {failure && <div class="notice bad">{failure}</div>}
          <nav class="nav">
            <button type="button" class="btn" data-testid="apply" disabled={busy} onClick={submit}>
              {busy ? t.sending : t.apply}
            </button>
          </nav>
        </>
      )}
    </div>
  );
}

/** The current position, or null when the browser gives none within a few seconds. */
function position(): Promise<{ lat: number; lng: number; accuracyM?: number } | null> {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracyM: Math.min(p.coords.accuracy, 100000) }),
      () => resolve(null),
      { timeout: 8000, maximumAge: 60_000 },
    );
  });
}

function TaskView(props: { a: Assignment; t: T; lang: Lang; update: (p: TPortal) => void; back: () => void }) {
  const { a, t } = props;
  const base = `/api/v1/public/panel-members/${encodeURIComponent(token)}/assignments/${a.id}`;
  const [answers, setAnswers] = useState<Record<string, string | number | boolean>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const open = a.status === 'assigned';
  // A diary is submitted once it has its entries (its report is them, not fields).
  const ready = !a.diary || a.diary.days.length >= a.diary.minEntries;
  const run = async (work: () => Promise<{ ok: true; value: TPortal } | { ok: false; detail: string }>) => {
    setBusy(true);
    setFailure('');
    const r = await work();
    setBusy(false);
    if (r.ok) props.update(r.value);
    else setFailure(r.detail);
  };
  const checkIn = () =>
    run(async () => {
      const p = await position();
      if (!p) return { ok: false, detail: t.noGeo };
      return call<TPortal>(`${base}/check-in`, post(p));
    });
  const addPhoto = async (file: File) => {
    if (file.size > 5 * 1024 * 1024 || !['image/jpeg', 'image/png', 'image/webp'].includes(file.type))
      return setFailure(t.photoBad);
    await run(async () => {
      const form = new FormData();
      form.append('file', file, 'photo');
      const up = await call<{ id: string }>(`${base}/photos`, { method: 'POST', body: form });
      if (!up.ok) return up;
      return call<TPortal>(`/api/v1/public/panel-members/${encodeURIComponent(token)}`);
    });
  };
  const submit = () => run(() => call<TPortal>(`${base}/submit`, post({ answers })));
  return (
    <div data-testid="task" data-status={a.status}>
      <div class="card">
        <div class="qtitle">{a.title}</div>
        <div class="hint">
          {a.unitName ? `${a.unitName} · ` : ''}
          {t.due} {time(a.dueAt)} · {t.reward(a.points)}
        </div>
        {a.instructions && <p>{a.instructions}</p>}
        <div class="hint" data-testid="task-status">
          {t.status[a.status]}
          {a.pointsAwarded ? ` · ${t.awarded(a.pointsAwarded)}` : ''}
          {a.reviewNote ? ` · ${a.reviewNote}` : ''}
        </div>
      </div>
      {a.kind === 'offline' && (
        <div class="card">
          {a.checkedIn ? (
            <div data-state="checked-in">{t.checkedIn(a.checkInDistanceM)}</div>
          ) : (
            open && (
              <button type="button" class="btn" data-testid="check-in" disabled={busy} onClick={checkIn}>
                {t.checkIn}
              </button>
            )
          )}
          <div class="hint" data-testid="photo-count">
            {t.photos(a.photos.length, a.minPhotos)}
          </div>
          {a.photos.map((p) => (
            <img key={p.id} class="thumb" src={p.url} alt="" />
          ))}
          {open && (
            <label class="btn ghost photo">
              {t.photo}
              <input
                type="file"
                data-testid="photo-input"
                accept="image/jpeg,image/png,image/webp"
                capture="environment"
                onChange={(e) => {
                  const f = (e.target as HTMLInputElement).files?.[0];
                  if (f) void addPhoto(f);
                  (e.target as HTMLInputElement).value = '';
                }}
              />
            </label>
          )}
        </div>
      )}
      {a.diary && <DiaryView a={a} lang={props.lang} token={token} update={props.update} />}
      {open &&
        a.fields.map((f) => (
          <div class="card" key={f.code} data-field={f.code}>
            <div class="qtitle">
              {f.label}
              {f.required ? ' *' : ''}
            </div>
            {f.type === 'text' && (
              <textarea
                class="text"
                maxLength={4000}
                value={(answers[f.code] as string) ?? ''}
                onInput={(e) => setAnswers({ ...answers, [f.code]: (e.target as HTMLTextAreaElement).value })}
              />
            )}
            {f.type === 'number' && (
              <input
                class="panel-input"
                type="number"
                value={(answers[f.code] as number | undefined) ?? ''}
                onInput={(e) => {
                  const v = (e.target as HTMLInputElement).value;
                  const { [f.code]: _, ...rest } = answers;
                  setAnswers(v === '' ? rest : { ...answers, [f.code]: Number(v) });
                }}
              />
            )}
            {(f.type === 'rating' || f.type === 'yesno') && (
              <div class="seg" role="group">
                {(f.type === 'rating' ? [1, 2, 3, 4, 5] : [true, false]).map((v) => (
                  <button
                    type="button"
                    key={String(v)}
                    class={`segbtn ${answers[f.code] === v ? 'on' : ''}`}
                    aria-pressed={answers[f.code] === v}
                    onClick={() => setAnswers({ ...answers, [f.code]: v })}
                  >
                    {v === true ? t.yes : v === false ? t.no : String(v)}
                  </button>
                ))}
              </div>
            )}
          </div>
        ))}
      {failure && <div class="notice bad">{failure}</div>}
      <nav class="nav">
        {open && (
          <button type="button" class="btn" data-testid="submit-task" disabled={busy || !ready} onClick={submit}>
            {busy ? t.sending : t.submit}
          </button>
        )}
        <button type="button" class="btn ghost" onClick={props.back}>
          {t.back}
        </button>
      </nav>
    </div>
  );
}

function PortalPage({ initial }: { initial: TPortal }) {
  const [lang, setLang] = useState<Lang>(initialLang);
  const t = S[lang];
  const [portal, setPortal] = useState(initial);
  const [openId, setOpenId] = useState<string | null>(null);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const current = portal.assignments.find((a) => a.id === openId);
  return (
    <div>
      <Head title={portal.panelName} sub={portal.memberName} lang={lang} setLang={setLang} />
      <div class="card" data-testid="standing">
        <div>
          {t.points} <b data-testid="points">{portal.points}</b> · {t.tier}{' '}
          <b data-testid="tier">{portal.tier ?? '—'}</b>
        </div>
        {portal.nextTier && (
          <div class="hint">{t.next(portal.nextTier.name, portal.nextTier.minPoints - portal.earned)}</div>
        )}
      </div>
      {current ? (
        <TaskView a={current} t={t} lang={lang} update={setPortal} back={() => setOpenId(null)} />
      ) : (
        <section>
          <h3 class="section">{t.tasks}</h3>
          {!portal.assignments.length && <div class="card hint">{t.none}</div>}
          {portal.assignments.map((a) => (
            <button
              type="button"
              class="card task-row"
              key={a.id}
              data-testid="task-row"
              data-status={a.status}
              onClick={() => setOpenId(a.id)}
            >
              <div class="qtitle">{a.title}</div>
              <div class="hint">
                {t.status[a.status]} · {t.due} {time(a.dueAt)} · {t.reward(a.points)}
              </div>
            </button>
          ))}
        </section>
      )}
      {!current && <PortalRewards portal={portal} lang={lang} token={token} update={setPortal} />}
    </div>
  );
}

/** Mounts `/join/{token}` or `/m/{token}` from what the server answers for the token. */
export async function mountPanel(host: HTMLElement, page: 'join' | 'portal') {
  const t = S[initialLang()];
  render(<div class="boot">{t.loading}</div>, host);
  const url =
    page === 'join'
      ? `/api/v1/public/panels/${encodeURIComponent(token)}`
      : `/api/v1/public/panel-members/${encodeURIComponent(token)}`;
  const r = await call<TPublicPanel & TPortal>(url);
  if (!r.ok) return render(<div class="card done">{t.invalid}</div>, host);
  document.title = page === 'join' ? r.value.name : r.value.panelName;
  render(page === 'join' ? <JoinPage panel={r.value} /> : <PortalPage initial={r.value} />, host);
}
