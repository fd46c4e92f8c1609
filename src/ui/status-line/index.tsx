import { formatBytes, formatDuration } from '../../runtime/bytes.ts';
import { downloadBytes } from '../../runtime/catalog.ts';
import type { LoadProgress } from '../../runtime/engine.ts';
import { automaticChoice, cancelLoad, chosenByUser, selectedModel, status } from '../../state/runtime.ts';
import { Alternatives } from '../alternatives/index.tsx';
import './status-line.css';

function describeProgress(name: string, p: LoadProgress | null): { text: string; percent: number | null } {
  if (!p) return { text: `Preparing ${name}…`, percent: null };
  const percent = p.totalBytes ? Math.floor((p.loadedBytes / p.totalBytes) * 100) : null;
  const files = p.files ? ` · file ${p.files.done} of ${p.files.total}` : '';
  const eta = p.etaSeconds !== undefined ? ` · about ${formatDuration(p.etaSeconds)} left` : '';
  switch (p.phase) {
    case 'start':
      return { text: `Starting llama.cpp with ${name}…`, percent: null };
    case 'load-from-cache':
      return { text: `Reading ${name} from this browser…`, percent: null };
    case 'gpu-upload':
      return { text: `Loading ${name} onto the GPU${percent === null ? '' : `: ${percent}%`}${files}${eta}`, percent };
    case 'download': {
      const of = p.totalBytes ? ` of ${formatBytes(p.totalBytes)}` : '';
      return {
        text: `Downloading ${name}: ${formatBytes(p.loadedBytes)}${of}${percent === null ? '' : ` (${percent}%)`}${files}${eta}`,
        percent,
      };
    }
  }
}

/** One line that always says what the engine is doing: idle, loading (bytes, percent), ready on which backend, or why it failed. */
export function StatusLine() {
  const s = status.value;
  if (s.kind === 'loading') {
    const { text, percent } = describeProgress(s.model.name, s.progress);
    return (
      <div class="status-line" role="status" data-state="loading" data-model-id={s.model.id}>
        <span>{text}</span>
        <progress max={100} value={percent ?? undefined} aria-label="Model load progress" />
        <button type="button" class="quiet" onClick={cancelLoad}>
          Cancel
        </button>
      </div>
    );
  }
  if (s.kind === 'ready') {
    const m = s.model;
    const where = m.backend === 'webgpu' ? 'WebGPU' : `CPU, ${m.threads} ${m.threads === 1 ? 'thread' : 'threads'}`;
    return (
      <div class="status-line" role="status" data-state="ready" data-backend={m.backend} data-model-id={m.id}>
        <span>
          <strong>{m.name}</strong> · {m.engine} · {where}
        </span>{' '}
        <span class="note">
          ({m.backendNote}; {m.fromCache ? "loaded from this browser's storage" : 'downloaded and saved in this browser'})
        </span>
      </div>
    );
  }
  if (s.kind === 'error') {
    return (
      <div class="status-line error" role="alert" data-state="error" data-model-id={s.model.id}>
        <span>{s.message}</span> <Alternatives alternatives={s.alternatives} current={s.model} />
      </div>
    );
  }
  const model = selectedModel.value;
  const size = downloadBytes(model);
  const choice = automaticChoice.value;
  const why = !chosenByUser.value && choice?.model.id === model.id ? choice.reasons.join('; ') : '';
  return (
    <div class="status-line" role="status" data-state="idle" data-model-id={model.id}>
      <span>
        <strong>{model.name}</strong>
        {size ? ` · ${model.sizeBytes ? '' : 'about '}${formatBytes(size)}` : ''} loads when you send a message, or press Load.
      </span>{' '}
      {why && <span class="note">(Chosen for this device: {why}.)</span>}
    </div>
  );
}
