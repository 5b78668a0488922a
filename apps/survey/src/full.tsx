// The full SurveyJS renderer (survey-core + survey-react-ui), loaded only for surveys that use features
// outside the lean subset. It is its own chunk: phones answering ordinary CX surveys never download it.
import { cleanHtml } from '@loopcx/shared/survey';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { Model } from 'survey-core';
// The fontless stylesheet: the default one loads Open Sans from fonts.gstatic.com, which mainland China blocks.
import 'survey-core/survey-core.fontless.min.css';
import { Survey } from 'survey-react-ui';
import { clear, load, markStarted, type Saved, type SubmitOutcome, save, submit } from './submit.ts';

/** Where a completed survey's answers go: the public submit by default, another endpoint for a panel diary. */
export type Send = (saved: Saved, locale: string) => Promise<SubmitOutcome>;

/**
 * Renders a survey with SurveyJS inside `host` and returns the unmount. In the console's preview (`preview`) the
 * survey completes locally: nothing is stored or sent. `send` replaces the public submit (the member portal's
 * diary entries, `panel-diary.tsx`); `token` then only names the answers kept on the device.
 */
export function mountFull(
  host: HTMLElement,
  data: { definition: Record<string, unknown>; context: Record<string, unknown>; locale: string },
  token: string,
  preview = false,
  onDone?: () => void,
  send?: Send,
): () => void {
  const model = new Model(data.definition);
  // html questions, completedHtml, loadingHtml: reduced to the survey HTML subset before SurveyJS renders them.
  model.onProcessHtml.add((_sender, options) => {
    options.html = cleanHtml(options.html);
  });
  model.locale = data.locale?.startsWith('zh') ? 'zh-cn' : 'en';
  model.setVariable('context', data.context ?? {});
  if (!preview) {
    answerFor(model, token, send ?? ((saved, locale) => submit(token, saved, locale)));
    if (onDone) model.onComplete.add(() => onDone());
  }
  const el = document.createElement('div');
  host.appendChild(el);
  const root = createRoot(el);
  root.render(createElement(Survey, { model }));
  return () => root.unmount();
}

/** Keeps the answers on the device and submits them on completion (a respondent's link, not the preview). */
function answerFor(model: Model, token: string, send: Send) {
  const saved = load(token);
  model.data = saved.answers;
  model.onValueChanged.add(() => {
    save(token, { ...saved, answers: model.data });
    markStarted(token);
  });
  model.onCompleting.add(async (_sender, options) => {
    options.allow = false;
    const res = await send({ ...saved, answers: model.data }, model.locale);
    if (res.ok) {
      clear(token);
      model.doComplete();
    } else if (res.offline) {
      save(token, { ...saved, answers: model.data, pending: true });
      model.notify(
        model.locale === 'en'
          ? 'Offline: answers saved on this device; tap Complete again when online.'
          : '网络不可用：答案已保存，联网后请再次提交。',
        'error',
      );
    } else {
      model.notify(res.detail, 'error');
    }
  });
}
