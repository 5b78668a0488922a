import { cleanHtml } from '@loopcx/shared';
import { useMemo } from 'react';
import { Model } from 'survey-core';
import 'survey-core/survey-core.min.css';
import { Survey } from 'survey-react-ui';

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
  return <Survey model={model} />;
}
