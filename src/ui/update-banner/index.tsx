import { applyUpdate, storageUpgraded, updateReady } from '../../state/updates.ts';
import { text } from '../i18n/index.ts';

/** "Update available — reload": a new version never takes over a tab without the user's yes. */
export function UpdateBanner() {
  const t = text.value;
  if (storageUpgraded.value && !updateReady.value) {
    return (
      <p class="update-banner" role="alert">
        {t.storageUpgraded}{' '}
        <button type="button" onClick={() => location.reload()}>
          {t.altReloadPage}
        </button>
      </p>
    );
  }
  if (!updateReady.value) return null;
  return (
    <p class="update-banner" role="status">
      {t.updateAvailable}{' '}
      <button type="button" onClick={applyUpdate}>
        {t.updateReload}
      </button>
    </p>
  );
}
