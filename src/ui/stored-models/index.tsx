import { useSignal, useSignalEffect } from '@preact/signals';
import { formatBytes } from '../../runtime/bytes.ts';
import type { CachedModel } from '../../runtime/engine.ts';
import { engine, loadedModel, status, storageVersion } from '../../state/runtime.ts';
import './stored-models.css';

/** Models stored in this browser: real sizes, whether each is complete, delete one or all. */
export function StoredModels() {
  const models = useSignal<CachedModel[] | null>(null);
  const problem = useSignal<string | null>(null);
  const open = useSignal(false);

  useSignalEffect(() => {
    void storageVersion.value;
    if (!open.value) return;
    engine.cachedModels().then(
      (list) => {
        models.value = list;
        problem.value = null;
      },
      (error: Error) => (problem.value = error.message),
    );
  });

  const remove = async (key: string | null) => {
    try {
      await (key === null ? engine.deleteAllCachedModels() : engine.deleteCachedModel(key));
      // Deleting a loaded model unloads it in the worker; the page must not think it is ready.
      if (key === null || status.value.kind === 'ready') {
        loadedModel.value = null;
        if (status.value.kind === 'ready') status.value = { kind: 'idle' };
      }
    } catch (error) {
      problem.value = (error as Error).message;
    }
    storageVersion.value++;
  };

  const total = models.value?.reduce((n, m) => n + m.bytes, 0) ?? 0;
  return (
    <details class="stored-models" onToggle={(e) => (open.value = e.currentTarget.open)}>
      <summary>Models stored in this browser</summary>
      {problem.value && <p role="alert">{problem.value}</p>}
      {models.value?.length === 0 && <p>None yet. A model is stored the first time it loads.</p>}
      {models.value && models.value.length > 0 && (
        <>
          <ul aria-label="Stored models">
            {models.value.map((m) => (
              <li key={m.key} data-key={m.key}>
                <span class="name">{m.name}</span>
                <span class="meta">
                  {m.engine} · {formatBytes(m.bytes)}
                  {m.complete ? '' : ' · incomplete'}
                  {m.models.length > 1 ? ` · used by ${m.models.length} variants` : ''}
                </span>
                <button type="button" class="secondary" aria-label={`Delete ${m.name}`} onClick={() => void remove(m.key)}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
          <p class="total">
            {formatBytes(total)} in all.{' '}
            <button type="button" class="secondary" onClick={() => void remove(null)}>
              Delete all
            </button>
          </p>
        </>
      )}
    </details>
  );
}
