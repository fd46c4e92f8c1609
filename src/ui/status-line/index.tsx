import type { ModelSpec } from '../../runtime/shared/engine.ts';
import { downloadBytes } from '../../runtime/shared/models/catalog.ts';
import { activeDownload, cancelDownload, downloadModel } from '../../state/downloads.ts';
import {
  automaticChoice,
  cancelLoad,
  chosenByUser,
  loadOnPress,
  preferences,
  selectedModel,
  status,
  wasmProblem,
} from '../../state/runtime.ts';
import { Alternatives } from '../alternatives/index.tsx';
import { text } from '../i18n/index.ts';
import { ProgressLine } from '../progress-line/index.tsx';
import { describeProgress } from './progress-text.ts';
import './status-line.css';

/** One thread only because the page is not cross-origin isolated, where isolation would give more (asked for, or four cores or more). */
function moreThreadsWithIsolation(): boolean {
  if (typeof crossOriginIsolated === 'undefined' || crossOriginIsolated) return false;
  return (preferences.value.threads ?? 1) > 1 || navigator.hardwareConcurrency >= 4;
}

/** One line that always says what the engine is doing: idle, loading (bytes, percent), ready on which backend, or why it failed. */
export function StatusLine() {
  const t = text.value;
  const s = status.value;
  const useHere = (model: ModelSpec) => (
    <button type="button" class="secondary" onClick={() => loadOnPress(model, { takeOver: true })}>
      {t.useHere}
    </button>
  );
  if (s.kind === 'loading') {
    const { text: line, percent } = describeProgress(t, s.model.name, s.progress, s.rate);
    const elsewhere = s.progress?.phase === 'other-tab';
    return (
      <div class="status-line" role="status" data-state={elsewhere ? 'other-tab' : 'loading'} data-model-id={s.model.id}>
        <ProgressLine line={line} percent={percent} onCancel={cancelLoad} />
        {elsewhere && useHere(s.model)}
      </div>
    );
  }
  if (s.kind === 'elsewhere') {
    return (
      <div class="status-line" role="status" data-state="elsewhere" data-model-id={s.model.id}>
        <span>{t.movedToOtherTab(s.model.name)}</span> {useHere(s.model)}
      </div>
    );
  }
  if (s.kind === 'ready') {
    const m = s.model;
    const where = m.backend === 'webgpu' ? 'WebGPU' : t.cpuThreads(m.threads);
    return (
      <div
        class="status-line"
        role="status"
        data-state="ready"
        data-backend={m.backend}
        data-model-id={m.id}
        data-wasm-build={m.wasm?.build}
      >
        <span>
          <strong>{m.name}</strong> · {m.engine} · {where}
        </span>{' '}
        <span class="note">
          ({t.say(m.note)}; {m.wasm && `${t.wasmBuild(m.wasm.build)}: ${t.say(m.wasm.why)}; `}
          {m.fromCache ? t.fromStorage : t.downloadedAndSaved})
        </span>
        {wasmProblem && m.wasm && <span class="note"> {t.say(wasmProblem)}</span>}
        {m.slowWeights && <span class="note"> {t.say(m.slowWeights)}</span>}
        {m.backend !== 'webgpu' && m.threads === 1 && moreThreadsWithIsolation() && <span class="note"> {t.oneThreadNotIsolated}</span>}
      </div>
    );
  }
  if (s.kind === 'error') {
    const title = t.errorTitle(s.code);
    return (
      <div class="status-line error" role="alert" data-state="error" data-model-id={s.model.id}>
        <span>
          {title && <strong>{title} </strong>}
          {t.say(s.said)}
        </span>{' '}
        <Alternatives alternatives={s.alternatives} current={s.model} />
      </div>
    );
  }
  const model = selectedModel.value;
  const download = activeDownload.value;
  if (download && !download.done && !download.error) {
    const { text: line, percent } = describeProgress(t, download.model.name, download.progress, download.rate);
    return (
      <div class="status-line" role="status" data-state="downloading" data-model-id={download.model.id}>
        <ProgressLine line={line} percent={percent} onCancel={cancelDownload} />
      </div>
    );
  }
  const prepared = download?.model.id === model.id ? download : null;
  const size = downloadBytes(model);
  const choice = automaticChoice.value;
  const why = !chosenByUser.value && choice?.model.id === model.id ? choice.reasons.map(t.say).join('; ') : '';
  const sizeText = size ? ` · ${model.sizeBytes ? '' : t.about}${t.bytes(size)}` : '';
  return (
    <div class="status-line" role="status" data-state="idle" data-model-id={model.id}>
      <span>
        <strong>{model.name}</strong>
        {t.statusIdle('', sizeText)}
      </span>{' '}
      {why && <span class="note">{t.chosenForDevice(why)}</span>}{' '}
      {prepared?.done ? (
        <span class="note">{t.downloadFinished(model.name)}</span>
      ) : (
        <button type="button" class="secondary" onClick={() => void downloadModel(model)}>
          {t.prepareOffline}
        </button>
      )}
      {prepared?.error && (
        <span class="error-text" role="alert">
          {t.say(prepared.error)}
        </span>
      )}
    </div>
  );
}
