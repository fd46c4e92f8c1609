import { evicted } from '../../state/eviction.ts';
import { persisted } from '../../state/storage.ts';
import { text } from '../i18n/index.ts';

/** Says so when the browser cleared stored models: they download again when used; persistent storage prevents it. */
export function EvictionNotice() {
  const gone = evicted.value;
  if (gone.length === 0) return null;
  const t = text.value;
  const names = gone.map((g) => `${g.name} (${t.bytes(g.bytes)})`).join(', ');
  return (
    <p class="update-banner eviction" role="status">
      {t.evicted(names)} {persisted.value ? '' : t.evictedPersist}{' '}
      <button type="button" class="secondary" onClick={() => (evicted.value = [])}>
        {t.dismiss}
      </button>
    </p>
  );
}
