import { cleanHtml } from '@loopcx/shared';
import { type CSSProperties, useMemo } from 'react';
import { Model } from 'survey-core';
import 'survey-core/survey-core.min.css';
import { Survey } from 'survey-react-ui';

const SYSTEM_FONTS = '-apple-system, BlinkMacSystemFont, "PingFang SC", "Microsoft YaHei", "Segoe UI", sans-serif';

/** The survey as a respondent sees it, rendered by SurveyJS at phone width (loaded lazily). */
export default function Preview({ definition, locale }: { definition: Record<string, unknown>; locale: string }) {
  const model = useMemo(() => {
    const m = new Model(definition);
    // The preview runs on the console's origin: survey HTML is reduced to the allowed subset before rendering.
    m.onProcessHtml.add((_sender, options) => {
      options.html = cleanHtml(options.html);
    });
    m.locale = locale;
    m.showCompleteButton = true;
    m.setVariable('context', { categories: ['fresh', 'bakery', 'dairy', 'household'] });
    return m;
  }, [definition, locale]);
  // SurveyJS's stylesheet asks for Open Sans from Google Fonts; the console loads nothing from other hosts (CSP
  // font-src 'self'), so the preview uses the system font stack instead of a blocked request.
  return (
    <div style={{ '--font-family': SYSTEM_FONTS } as CSSProperties}>
      <Survey model={model} />
    </div>
  );
}
