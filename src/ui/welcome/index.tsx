import { downloadBytes } from '../../runtime/shared/models/catalog.ts';
import { selectedModel } from '../../state/runtime.ts';
import { text } from '../i18n/index.ts';

/** First run (and every empty conversation): what happens, before anything is downloaded. */
export function Welcome() {
  const t = text.value;
  const model = selectedModel.value;
  const size = downloadBytes(model);
  return (
    <div class="welcome">
      <h2>{t.welcomeTitle}</h2>
      <p>{t.welcome(model.name, size ? `${model.sizeBytes ? '' : t.about}${t.bytes(size)}` : '?')}</p>
      <p class="hint">{t.welcomeStart}</p>
    </div>
  );
}
