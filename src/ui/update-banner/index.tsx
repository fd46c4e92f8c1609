import { applyUpdate, updateReady } from '../../state/updates.ts';
import { text } from '../i18n/index.ts';

/** "Update available — reload": a new version never takes over a tab without the user's yes. */
export function UpdateBanner() {
  if (!updateReady.value) return null;
  const t = text.value;
  return (
    <p class="update-banner" role="status">
      {t.updateAvailable}{' '}
      <button type="button" onClick={applyUpdate}>
        {t.updateReload}
      </button>
    </p>
  );
}
