import { formatBytes } from '../../runtime/bytes.ts';
import type { LoadProgress } from '../../runtime/engine.ts';
import { cancelLoad, status } from '../../state/runtime.ts';
import './status-line.css';

function describeProgress(name: string, p: LoadProgress | null): { text: string; percent: number | null } {
  if (!p) return { text: `Preparing ${name}…`, percent: null };
  if (p.phase === 'start') return { text: `Starting llama.cpp with ${name}…`, percent: null };
  if (p.phase === 'load-from-cache') return { text: `Reading ${name} from this browser…`, percent: null };
  const percent = p.totalBytes ? Math.floor((p.loadedBytes / p.totalBytes) * 100) : null;
  const of = p.totalBytes ? ` of ${formatBytes(p.totalBytes)}` : '';
  return { text: `Downloading ${name}: ${formatBytes(p.loadedBytes)}${of}${percent === null ? '' : ` (${percent}%)`}`, percent };
}

/** One line that always says what the engine is doing: idle, loading (bytes, percent), ready on which backend, or why it failed. */
export function StatusLine() {
  const s = status.value;
  if (s.kind === 'loading') {
    const { text, percent } = describeProgress(s.model.name, s.progress);
    return (
      <div class="status-line" role="status" data-state="loading">
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
      <div class="status-line" role="status" data-state="ready" data-backend={m.backend}>
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
      <div class="status-line error" role="alert" data-state="error">
        {s.message}
      </div>
    );
  }
  return (
    <div class="status-line" role="status" data-state="idle">
      No model loaded. It loads when you send a message, or press Load.
    </div>
  );
}
