import { useSignal, useSignalEffect } from '@preact/signals';
import { formatBytes } from '../../runtime/bytes.ts';
import { CATALOG, findModel, modelFromUrl } from '../../runtime/catalog.ts';
import { loadModel, selectedModel, status } from '../../state/runtime.ts';
import './model-bar.css';

const CUSTOM = 'custom';

/** Choose a catalog model or paste the address of any GGUF file, then load it. */
export function ModelBar() {
  const choice = useSignal(findModel(selectedModel.value.id) ? selectedModel.value.id : CUSTOM);
  const url = useSignal(findModel(selectedModel.value.id) ? '' : selectedModel.value.url);
  // A model chosen elsewhere (a ?model= link) shows up here.
  useSignalEffect(() => {
    const m = selectedModel.value;
    choice.value = findModel(m.id) ? m.id : CUSTOM;
    if (!findModel(m.id)) url.value = m.url;
  });

  const submit = (event: Event) => {
    event.preventDefault();
    try {
      const model = choice.value === CUSTOM ? modelFromUrl(url.value, location.href) : findModel(choice.value);
      if (model) void loadModel(model);
    } catch (error) {
      status.value = { kind: 'error', model: selectedModel.value, message: (error as Error).message };
    }
  };

  return (
    <form class="model-bar" onSubmit={submit}>
      <label>
        Model
        <select value={choice.value} onChange={(e) => (choice.value = e.currentTarget.value)}>
          {CATALOG.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} · {formatBytes(m.sizeBytes)}
            </option>
          ))}
          <option value={CUSTOM}>A GGUF file by address…</option>
        </select>
      </label>
      {choice.value === CUSTOM && (
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
      )}
      <button type="submit">Load</button>
    </form>
  );
}
