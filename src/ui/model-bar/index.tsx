import { useSignal, useSignalEffect } from '@preact/signals';
import { formatBytes } from '../../runtime/bytes.ts';
import { CATALOG, downloadBytes, findModel, modelFromUrl } from '../../runtime/catalog.ts';
import { automaticChoice, loadModel, selectedModel, selectModel, status } from '../../state/runtime.ts';
import './model-bar.css';

const CUSTOM = 'custom';

/** Choose a catalog model (each variant says its engine and size) or give an address, then load it. */
export function ModelBar() {
  const choice = useSignal(CUSTOM);
  const url = useSignal('');
  const lib = useSignal('');
  // The selection can change elsewhere (the automatic choice, a ?model= link, an alternative): show it here.
  useSignalEffect(() => {
    const m = selectedModel.value;
    const known = findModel(m.id);
    choice.value = known ? m.id : CUSTOM;
    if (!known) {
      url.value = m.url;
      lib.value = m.engine === 'web-llm' ? m.modelLib : '';
    }
  });

  const submit = (event: Event) => {
    event.preventDefault();
    try {
      const model = choice.value === CUSTOM ? modelFromUrl(url.value, location.href, lib.value || null) : findModel(choice.value);
      if (!model) return;
      selectModel(model);
      void loadModel(model);
    } catch (error) {
      status.value = { kind: 'error', model: selectedModel.value, message: (error as Error).message, alternatives: [] };
    }
  };

  const automatic = automaticChoice.value?.model.id;
  return (
    <form class="model-bar" onSubmit={submit}>
      <label>
        Model
        <select
          value={choice.value}
          onChange={(e) => {
            choice.value = e.currentTarget.value;
            const model = findModel(choice.value);
            if (model) selectModel(model);
          }}
        >
          {CATALOG.map((family) => (
            <optgroup key={family.id} label={`${family.name} · ${family.params} · ${family.license}`}>
              {family.variants.map((v) => {
                const size = downloadBytes(v);
                return (
                  <option key={v.id} value={v.id}>
                    {v.name} · {v.sizeBytes ? '' : '≈'}
                    {size ? formatBytes(size) : ''}
                    {v.id === automatic ? ' · recommended for this device' : ''}
                  </option>
                );
              })}
            </optgroup>
          ))}
          <option value={CUSTOM}>A model by address…</option>
        </select>
      </label>
      {choice.value === CUSTOM && (
        <>
          <label class="grow">
            Model URL
            <input
              type="url"
              required
              placeholder="https://huggingface.co/…/resolve/main/model.gguf"
              value={url.value}
              onInput={(e) => (url.value = e.currentTarget.value)}
            />
          </label>
          <label class="grow">
            Model library (MLC models only)
            <input
              type="url"
              placeholder="https://…/model-webgpu.wasm"
              value={lib.value}
              onInput={(e) => (lib.value = e.currentTarget.value)}
            />
          </label>
        </>
      )}
      <button type="submit">Load</button>
    </form>
  );
}
