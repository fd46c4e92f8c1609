import { useSignal, useSignalEffect } from '@preact/signals';
import { fitOnDevice } from '../../runtime/shared/device/probe.ts';
import { saidOf } from '../../runtime/shared/errors/said.ts';
import { CATALOG, type CatalogFamily, type CatalogVariant, downloadBytes } from '../../runtime/shared/models/catalog.ts';
import { activeDownload, cancelDownload, downloadModel } from '../../state/downloads.ts';
import { automaticChoice, deviceProbe, loadOnPress, modelByAddress, selectedModel, selectModel, status } from '../../state/runtime.ts';
import { deleteStored, storedFor, storedModels, watchingStored } from '../../state/stored.ts';
import { DeviceBench } from '../device-bench/index.tsx';
import { text } from '../i18n/index.ts';
import { ProgressLine } from '../progress-line/index.tsx';
import { describeProgress } from '../status-line/progress-text.ts';
import './models.css';
import { Stored } from './stored.tsx';

function memoryOf(v: CatalogVariant): string {
  return text.value.bytes(v.engine === 'web-llm' ? v.vramMB * 2 ** 20 : v.memoryBytes);
}

/**
 * Whether a row offers its model: every model that fits; a large one that may not fit only as "try
 * anyway" when the memory estimate is all that speaks against it; never one that cannot run here.
 */
function offerOf(v: CatalogVariant, family: CatalogFamily) {
  const probe = deviceProbe.value;
  const fit = probe ? fitOnDevice(v, probe) : ({ fits: true } as const);
  if (fit.fits) return { fit, actions: 'offer' as const };
  const estimateOnly = fit.reason.key === 'reasonGpuTooSmall' || fit.reason.key === 'reasonCpuTooSmall';
  return { fit, actions: !family.large ? ('offer' as const) : estimateOnly ? ('anyway' as const) : ('none' as const) };
}

function VariantRow({ v, family }: { v: CatalogVariant; family: CatalogFamily }) {
  const t = text.value;
  const { fit, actions } = offerOf(v, family);
  const stored = storedFor(v, storedModels.value);
  const size = downloadBytes(v);
  const state = !stored
    ? t.notStored
    : stored.complete
      ? t.storedAll
      : t.storedPart(`${t.bytes(stored.bytes)}${size ? ` / ${v.sizeBytes ? '' : '≈'}${t.bytes(size)}` : ''}`);
  const downloading = activeDownload.value?.model.id === v.id && !activeDownload.value.done && !activeDownload.value.error;
  const selected = selectedModel.value.id === v.id;
  return (
    <tr data-model-id={v.id}>
      <th scope="row">
        {v.name}
        {automaticChoice.value?.model.id === v.id && <span class="badge">{t.recommended}</span>}
        {family.vision && <span class="badge">{t.seesPictures}</span>}
        {!fit.fits && <span class="not-offered">{t.notOffered(t.say(fit.reason))}</span>}
      </th>
      <td>{v.engine}</td>
      <td>
        {v.sizeBytes ? '' : '≈'}
        {size ? t.bytes(size) : '?'}
      </td>
      <td>{memoryOf(v)}</td>
      <td>{v.contextLength}</td>
      <td>{state}</td>
      <td class="row-actions">
        {actions !== 'none' && (
          <button
            type="button"
            class={selected ? '' : 'secondary'}
            aria-pressed={selected}
            aria-label={t.useModel(v.name)}
            onClick={() => {
              selectModel(v);
              loadOnPress(v);
            }}
          >
            {actions === 'anyway' ? t.loadAnyway : t.load}
          </button>
        )}
        {actions !== 'none' && !stored?.complete && (
          <button
            type="button"
            class="secondary"
            disabled={downloading}
            aria-label={t.downloadModel(v.name)}
            onClick={() => void downloadModel(v)}
          >
            {t.download}
          </button>
        )}
        {stored && (
          <button type="button" class="secondary" aria-label={t.deleteModel(stored.name)} onClick={() => void deleteStored(stored.key)}>
            {t.deleteMessage}
          </button>
        )}
      </td>
    </tr>
  );
}

function DownloadProgress() {
  const t = text.value;
  const d = activeDownload.value;
  if (!d) return null;
  if (d.error) {
    return (
      <p class="download error" role="alert">
        {t.say(d.error)}
      </p>
    );
  }
  if (d.done) {
    return (
      <p class="download" role="status">
        {t.downloadFinished(d.model.name)}
      </p>
    );
  }
  const { text: line, percent } = describeProgress(t, d.model.name, d.progress, d.rate);
  return (
    <div class="download" role="status">
      <ProgressLine line={line} percent={percent} onCancel={cancelDownload} />
    </div>
  );
}

function ByAddress() {
  const t = text.value;
  const url = useSignal('');
  const lib = useSignal('');
  const parse = () => {
    try {
      return modelByAddress(url.value, location.href, lib.value || null);
    } catch (error) {
      status.value = { kind: 'error', model: selectedModel.value, said: saidOf(error), alternatives: [] };
      return null;
    }
  };
  return (
    <form
      class="by-address"
      onSubmit={(e) => {
        e.preventDefault();
        const model = parse();
        if (!model) return;
        selectModel(model);
        loadOnPress(model);
      }}
    >
      <label class="grow">
        {t.modelUrl}
        <input
          type="url"
          required
          placeholder="https://huggingface.co/…/resolve/main/model.gguf"
          value={url.value}
          onInput={(e) => (url.value = e.currentTarget.value)}
        />
      </label>
      <label class="grow">
        {t.modelLibrary}
        <input
          type="url"
          placeholder="https://…/model-webgpu.wasm"
          value={lib.value}
          onInput={(e) => (lib.value = e.currentTarget.value)}
        />
      </label>
      <button type="submit">{t.load}</button>
      <button
        type="button"
        class="secondary"
        onClick={(e) => {
          if (!e.currentTarget.form?.reportValidity()) return;
          const model = parse();
          if (model) void downloadModel(model);
        }}
      >
        {t.download}
      </button>
    </form>
  );
}

/** The catalog with sizes, memory needs and what is stored; downloads; models by address; storage. */
export function ModelsPanel() {
  const t = text.value;
  useSignalEffect(() => {
    watchingStored.value++;
    return () => watchingStored.value--;
  });
  const choice = automaticChoice.value;
  return (
    <>
      {choice && <p class="chosen">{t.chosenBecause(choice.reasons.map(t.say).join('; '))}</p>}
      <DownloadProgress />
      {CATALOG.map((family) => (
        <section key={family.id} class="family">
          <h3>
            {family.name}{' '}
            <span class="family-meta">
              · {family.params} · {family.license}
            </span>
          </h3>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard must reach a table wider than a phone to scroll it, and a family with no Load button has nothing else focusable (axe: scrollable-region-focusable). */}
          <section class="table-scroll" tabIndex={0} aria-label={family.name}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t.modelsTitle}</th>
                  <th scope="col">{t.engine}</th>
                  <th scope="col">{t.downloadSize}</th>
                  <th scope="col">{t.memoryNeed}</th>
                  <th scope="col">{t.context}</th>
                  <th scope="col">{t.stored}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t.load}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {family.variants.map((v) => (
                  <VariantRow key={v.id} v={v} family={family} />
                ))}
              </tbody>
            </table>
          </section>
        </section>
      ))}
      <section>
        <h3>{t.modelByAddress}</h3>
        <ByAddress />
      </section>
      <Stored />
      <DeviceBench />
    </>
  );
}
