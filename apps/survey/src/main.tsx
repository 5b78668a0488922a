/** @jsxImportSource preact */
import {
  cleanHtml,
  compileCondition,
  isContactPhoneQuestion,
  isLeanCompatible,
  parseContactPhone,
} from '@loopcx/shared/survey';
import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { embedded, langParam, reportHeight, tellParent } from './embed.ts';
import { type Lang, loc, STRINGS } from './i18n.ts';
import { applyPrefill } from './prefill.ts';
import { type El, Question } from './questions.tsx';
import { clear, load, markStarted, type Saved, save, submit } from './submit.ts';
import './style.css';

interface Loaded {
  survey: { id: string; name: string };
  definition: El;
  locale: string;
  context: Record<string, unknown>;
  /** The invitation of a personal link (null otherwise): named to the parent frame on completion in embed mode. */
  invitationId?: string | null;
}

/**
 * `/s-preview` is the console's phone preview: the survey builder frames this page and posts the draft definition
 * (same origin only), so the preview is the respondent runtime itself; nothing is stored or submitted there.
 */
const preview = location.pathname === '/s-preview';
const token = preview ? '' : decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] ?? '');
const blank = (): Saved => ({ answers: {}, key: '', page: 0, pending: false });
/** What the preview receives from the console. */
interface PreviewMessage {
  type: 'loopcx.preview';
  name?: string;
  definition: El;
  locale?: string;
  context?: Record<string, unknown>;
}
const cond = (expr: unknown, values: Record<string, unknown>) =>
  !expr || compileCondition(String(expr))?.run(values) === true;
const pagesOf = (d: El): El[] => d.pages ?? [{ name: 'page1', elements: d.elements ?? [] }];
/** Questions of a page, panels flattened (a panel's visibleIf applies to its children). */
function questionsOf(
  els: El[],
  values: Record<string, unknown>,
  parentVisible = true,
): Array<{ q: El; visible: boolean }> {
  return els.flatMap((e) =>
    e.type === 'panel'
      ? questionsOf(e.elements ?? [], values, parentVisible && cond(e.visibleIf, values))
      : [{ q: e, visible: parentVisible && cond(e.visibleIf, values) }],
  );
}

/** `{q}` and `{context.x}` in titles become the answers they name. */
function pipe(text: string, values: Record<string, unknown>): string {
  return text.replace(/\{([\w.-]+)\}/g, (_, path: string) => {
    const v = path
      .split('.')
      .reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), values);
    return Array.isArray(v) ? v.join(', ') : v === undefined || v === null ? '' : String(v);
  });
}

function Lean({ data, lang, setLang }: { data: Loaded; lang: Lang; setLang: (l: Lang) => void }) {
  const t = STRINGS[lang];
  const [state, setState] = useState<Saved>(() => (preview ? blank() : load(token)));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<'idle' | 'sending' | 'offline' | 'done' | 'failed' | 'answered'>(
    state.pending ? 'offline' : 'idle',
  );
  const [failure, setFailure] = useState('');
  const values = useMemo(() => ({ ...state.answers, context: data.context }), [state.answers, data.context]);
  const pages = pagesOf(data.definition).filter((p) => cond(p.visibleIf, values));
  const pageIndex = Math.min(state.page, pages.length - 1);
  const page = pages[pageIndex];
  const items = questionsOf(page?.elements ?? [], values);

  const update = (next: Partial<Saved>) => {
    const s = { ...state, ...next };
    setState(s);
    if (!preview) save(token, s);
  };
  const setAnswer = (name: string, v: unknown) => {
    const answers = { ...state.answers };
    if (v === undefined) delete answers[name];
    else answers[name] = v;
    update({ answers });
    if (!preview) markStarted(token);
    setErrors((e) => ({ ...e, [name]: '' }));
  };

  const check = () => {
    const errs: Record<string, string> = {};
    for (const { q, visible } of items) {
      if (!visible || q.type === 'html' || !cond(q.enableIf, values)) continue;
      const v = state.answers[q.name];
      const empty = v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
      if (empty && (q.isRequired || (q.requiredIf && cond(q.requiredIf, values)))) errs[q.name] = t.required;
      // A call-back number must be one the store can dial: a mainland mobile or +country code (checked again on the server).
      else if (!empty && isContactPhoneQuestion(q) && !parseContactPhone(String(v))) errs[q.name] = t.phoneInvalid;
    }
    setErrors(errs);
    return Object.keys(errs).length === 0;
  };

  /** Only answers to questions visible now are sent, as SurveyJS does on completion. */
  const visibleAnswers = () => {
    const keep: Record<string, unknown> = {};
    for (const p of pagesOf(data.definition).filter((pg) => cond(pg.visibleIf, values))) {
      for (const { q, visible } of questionsOf(p.elements ?? [], values)) {
        if (!visible) continue;
        if (state.answers[q.name] !== undefined) keep[q.name] = state.answers[q.name];
        if (state.answers[`${q.name}-Comment`] !== undefined)
          keep[`${q.name}-Comment`] = state.answers[`${q.name}-Comment`];
      }
    }
    return keep;
  };

  const send = async (s: Saved) => {
    if (preview) {
      setStatus('done');
      return;
    }
    setStatus('sending');
    const res = await submit(token, s, lang === 'zh' ? 'zh-cn' : 'en');
    if (res.ok) {
      clear(token);
      setStatus('done');
    } else if (res.offline) {
      save(token, { ...s, pending: true });
      setStatus('offline');
    } else if (res.status === 409 && res.reason === 'already_answered') {
      // One response per WeChat user, and this one already answered (from another link or device).
      clear(token);
      setStatus('answered');
    } else {
      save(token, { ...s, pending: false });
      setFailure(res.detail);
      const errs: Record<string, string> = {};
      for (const f of res.fields) errs[f.name.replace(/^answers\./, '')] = f.reason;
      setErrors(errs);
      setStatus('failed');
    }
  };

  // A pending submission is resent when the network comes back, and with backoff meanwhile.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-arm only when the status changes; send reads storage
  useEffect(() => {
    if (status !== 'offline') return;
    let delay = 2000;
    let timer: number;
    const retry = () => void send(load(token));
    const schedule = () => {
      timer = window.setTimeout(() => {
        retry();
        delay = Math.min(delay * 2, 60_000);
      }, delay);
    };
    schedule();
    window.addEventListener('online', retry);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('online', retry);
    };
  }, [status]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tell the parent once, when the answer is stored
  useEffect(() => {
    if (status === 'done' && !preview)
      tellParent({ type: 'survey.completed', invitationId: data.invitationId ?? null });
  }, [status]);

  if (status === 'answered') return <div class="card done">{t.already}</div>;
  if (status === 'done') {
    const html = cleanHtml(loc(data.definition.completedHtml, lang));
    // completedHtml and html questions: sanitised by the server on save, reduced to the same subset here again.
    const body = html ? (
      // biome-ignore lint/security/noDangerouslySetInnerHtml: cleaned by cleanHtml (allow-list), under a no-inline-script CSP
      <div dangerouslySetInnerHTML={{ __html: html }} />
    ) : (
      <h3>{t.thanks}</h3>
    );
    return <div class="card done">{body}</div>;
  }
  const last = pageIndex >= pages.length - 1;
  return (
    <div>
      <header class="head">
        <div class="title">{loc(data.definition.title, lang) || data.survey.name}</div>
        <button type="button" class="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t.lang}
        </button>
      </header>
      {pages.length > 1 && (
        <div class="progress" role="progressbar" aria-valuenow={pageIndex + 1} aria-valuemax={pages.length}>
          <div style={{ width: `${((pageIndex + 1) / pages.length) * 100}%` }} />
          <span>
            {pageIndex + 1} {t.of} {pages.length}
          </span>
        </div>
      )}
      {items
        .filter((i) => i.visible)
        .map(({ q }) =>
          q.type === 'html' ? (
            // biome-ignore lint/security/noDangerouslySetInnerHtml: cleaned by cleanHtml (allow-list), under a no-inline-script CSP
            <div key={q.name} class="card" dangerouslySetInnerHTML={{ __html: cleanHtml(loc(q.html, lang)) }} />
          ) : (
            <div key={q.name} class={`card ${errors[q.name] ? 'err' : ''}`} id={`q-${q.name}`} data-q={q.name}>
              <div class="qtitle">
                {pipe(loc(q.title, lang) || q.name, values)}
                {(q.isRequired || (q.requiredIf && cond(q.requiredIf, values))) && <span class="req">*</span>}
              </div>
              {q.description && <div class="hint">{loc(q.description, lang)}</div>}
              <Question
                q={q}
                lang={lang}
                answers={state.answers}
                value={state.answers[q.name]}
                disabled={!cond(q.enableIf, values) || status === 'sending'}
                set={(v) => setAnswer(q.name, v)}
                setComment={(v) => setAnswer(`${q.name}-Comment`, v || undefined)}
              />
              {errors[q.name] && <div class="errmsg">{errors[q.name]}</div>}
            </div>
          ),
        )}
      {status === 'offline' && <div class="notice">{t.offline}</div>}
      {status === 'failed' && <div class="notice bad">{`${t.error}: ${failure}`}</div>}
      <nav class="nav">
        {pageIndex > 0 && (
          <button type="button" class="btn ghost" onClick={() => update({ page: pageIndex - 1 })}>
            {t.prev}
          </button>
        )}
        <button
          type="button"
          class="btn"
          disabled={status === 'sending'}
          onClick={() => {
            if (!check()) return;
            if (!last) {
              update({ page: pageIndex + 1 });
              window.scrollTo(0, 0);
            } else void send({ ...state, answers: visibleAnswers() });
          }}
        >
          {last ? (status === 'sending' ? t.saving : t.submit) : t.next}
        </button>
      </nav>
    </div>
  );
}

function App() {
  const [data, setData] = useState<Loaded>();
  const [error, setError] = useState<string>();
  const [lang, setLang] = useState<Lang>(
    langParam() ?? (navigator.language?.toLowerCase().startsWith('zh') ? 'zh' : 'en'),
  );
  const [full, setFull] = useState<unknown>();
  // The preview renders whatever definition the console posts, with the runtime a respondent would get.
  useEffect(() => {
    if (!preview) return;
    const onMessage = async (e: MessageEvent<PreviewMessage>) => {
      if (e.origin !== location.origin || e.data?.type !== 'loopcx.preview') return;
      const loaded: Loaded = {
        survey: { id: 'preview', name: e.data.name ?? '' },
        definition: e.data.definition,
        locale: e.data.locale ?? 'zh-cn',
        context: e.data.context ?? {},
      };
      setLang(loaded.locale.startsWith('zh') ? 'zh' : 'en');
      if (isLeanCompatible(loaded.definition)) setFull(undefined);
      else {
        const mod = await import('./full.tsx');
        setFull(() => mod.mountFull);
      }
      setData(loaded);
    };
    window.addEventListener('message', onMessage);
    window.parent.postMessage({ type: 'loopcx.preview.ready' }, location.origin);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: load once per page; lang only picks the error text
  useEffect(() => {
    if (preview) return;
    fetch(`/api/v1/public/surveys/${encodeURIComponent(token)}`)
      .then(async (res) => {
        const body = await res.json();
        if (!res.ok) {
          setError(
            res.status === 410 ? STRINGS[lang].gone : res.status === 409 ? STRINGS[lang].paused : STRINGS[lang].invalid,
          );
          return;
        }
        const loaded = body as Loaded;
        applyPrefill(token, loaded.definition);
        if (loaded.locale && !langParam()) setLang(loaded.locale.startsWith('zh') ? 'zh' : 'en');
        document.title = loaded.survey.name;
        if (!isLeanCompatible(loaded.definition)) {
          // Outside the lean subset: load the full SurveyJS renderer (a separate, lazily fetched chunk).
          const mod = await import('./full.tsx');
          setFull(() => mod.mountFull);
        }
        setData(loaded);
      })
      .catch(() => setError(STRINGS[lang].offline));
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  }, [lang]);
  const fullHost = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (full && data && fullHost.current)
      return (full as typeof import('./full.tsx').mountFull)(fullHost.current, data, token, preview, () =>
        tellParent({ type: 'survey.completed', invitationId: data.invitationId ?? null }),
      );
  }, [full, data]);
  const body = error ? (
    <div class="card done">
      <p>{error}</p>
    </div>
  ) : full && data ? (
    <div ref={fullHost} />
  ) : !data ? (
    <div class="boot">{STRINGS[lang].loading}</div>
  ) : (
    <Lean data={data} lang={lang} setLang={setLang} />
  );
  if (!embedded) return body;
  return (
    <>
      <button
        type="button"
        class="embed-close"
        aria-label={STRINGS[lang].close}
        title={STRINGS[lang].close}
        onClick={() => tellParent({ type: 'survey.close' })}
      >
        ×
      </button>
      {body}
    </>
  );
}

if (embedded) document.documentElement.classList.add('embed');

const app = document.getElementById('app')!;
// `/a/{token}`: an external inspector's audit link, a page of its own loaded on demand (surveys never fetch it).
if (location.pathname.startsWith('/a/')) void import('./audit.tsx').then((m) => m.mountAudit(app));
// `/join/{token}` and `/m/{token}`: the experience panel's recruitment page and member portal (loaded on demand).
else if (location.pathname.startsWith('/join/')) void import('./panel.tsx').then((m) => m.mountPanel(app, 'join'));
else if (location.pathname.startsWith('/m/')) void import('./panel.tsx').then((m) => m.mountPanel(app, 'portal'));
else {
  render(<App />, app);
  reportHeight(app);
}
