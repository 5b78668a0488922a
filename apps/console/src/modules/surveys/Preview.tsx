import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Sample transaction context so piped titles (`{context.x}`) read naturally in the preview. */
const SAMPLE_CONTEXT = { categories: ['fresh', 'bakery', 'dairy', 'household'] };

/**
 * The survey as a respondent sees it on a phone: the respondent page itself (`/s-preview`, the lean runtime with
 * its real rating buttons, or SurveyJS for what the lean subset does not cover) in a frame at phone width, fed the
 * draft definition by `postMessage` on every edit. Nothing is stored or submitted from it.
 */
export function Preview({
  definition,
  locale,
  name,
}: {
  definition: Record<string, unknown>;
  locale: string;
  name: string;
}) {
  const { t } = useTranslation('surveys');
  const frame = useRef<HTMLIFrameElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (
        e.origin === location.origin &&
        e.source === frame.current?.contentWindow &&
        e.data?.type === 'loopcx.preview.ready'
      )
        setReady(true);
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  useEffect(() => {
    if (!ready) return;
    frame.current?.contentWindow?.postMessage(
      { type: 'loopcx.preview', definition, locale, name, context: SAMPLE_CONTEXT },
      location.origin,
    );
  }, [ready, definition, locale, name]);
  return (
    <iframe
      ref={frame}
      src="/s-preview"
      title={t('preview')}
      data-testid="phone-preview"
      style={{ width: '100%', height: '100%', border: 0, display: 'block' }}
    />
  );
}
