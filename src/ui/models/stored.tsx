/** What this browser stores: each model with its size, Repair and Delete, and the storage in use. */
import { persisted, storageEstimate } from '../../state/storage.ts';
import { deleteStored, repair, repairStored, storedModels, storedProblem } from '../../state/stored.ts';
import { text } from '../i18n/index.ts';
import { describeProgress } from '../status-line/progress-text.ts';

export function Stored() {
  const t = text.value;
  const list = storedModels.value;
  const total = list?.reduce((n, m) => n + m.bytes, 0) ?? 0;
  return (
    <section>
      <h3>{t.storedModels}</h3>
      {storedProblem.value && <p role="alert">{t.say(storedProblem.value)}</p>}
      {list?.length === 0 && <p>{t.noStoredModels}</p>}
      {list && list.length > 0 && (
        <>
          <ul class="stored" aria-label={t.storedModelsList}>
            {list.map((m) => (
              <li key={m.key} data-key={m.key}>
                <span class="name">{m.name}</span>
                <span class="meta">
                  {m.engine} · {t.bytes(m.bytes)}
                  {m.complete ? '' : ` · ${t.incomplete}`}
                  {m.models.length > 1 ? ` · ${t.usedByVariants(m.models.length)}` : ''}
                </span>
                {!m.complete && m.kind !== 'library' && (
                  <button
                    type="button"
                    class="secondary"
                    aria-label={t.repairModel(m.name)}
                    disabled={repair.value?.key === m.key && !repair.value.done && !repair.value.error}
                    onClick={() => void repairStored(m.key)}
                  >
                    {t.repair}
                  </button>
                )}
                <button type="button" class="secondary" aria-label={t.deleteModel(m.name)} onClick={() => void deleteStored(m.key)}>
                  {t.deleteMessage}
                </button>
                {repair.value?.key === m.key && (
                  <span class="repair-state" role={repair.value.error ? 'alert' : 'status'}>
                    {(repair.value.error && t.say(repair.value.error)) ??
                      (repair.value.done ? t.repaired : describeProgress(t, m.name, repair.value.progress, null).text)}
                  </span>
                )}
              </li>
            ))}
          </ul>
          <p>
            {t.inAll(t.bytes(total))}{' '}
            <button type="button" class="secondary" onClick={() => void deleteStored(null)}>
              {t.deleteAll}
            </button>
          </p>
        </>
      )}
      <h3>{t.storage}</h3>
      <p class="storage">
        {storageEstimate.value
          ? t.storageUse(t.bytes(storageEstimate.value.usage), t.bytes(storageEstimate.value.quota))
          : t.storageUnknown}
      </p>
      {persisted.value !== null && <p class="storage">{persisted.value ? t.persistent : t.notPersistent}</p>}
    </section>
  );
}
