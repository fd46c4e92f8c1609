import { useSignal } from '@preact/signals';
import { saidOf } from '../../runtime/shared/errors/said.ts';
import {
  type CloudPolicy,
  cloudHost,
  cloudSettings,
  forgetCloudKey,
  keySaved,
  saveCloudKey,
  setCloudModel,
  setEndpoint,
  setPolicy,
} from '../../state/cloud.ts';
import { text } from '../i18n/index.ts';

const POLICIES: readonly [CloudPolicy, 'policyAsk' | 'policyAlways' | 'policyNever'][] = [
  ['ask', 'policyAsk'],
  ['always', 'policyAlways'],
  ['never', 'policyNever'],
];

/** The optional cloud: when it may step in, where it is, and the key (write-only: it is never shown again). */
export function CloudSettings() {
  const t = text.value;
  const endpoint = useSignal(cloudSettings.value.endpoint);
  const key = useSignal('');
  const message = useSignal<{ text: string; error: boolean } | null>(null);
  const run = async (step: () => Promise<void>, done?: string) => {
    try {
      await step();
      message.value = done ? { text: done, error: false } : null;
    } catch (error) {
      message.value = { text: text.value.say(saidOf(error)), error: true };
    }
  };
  return (
    <fieldset class="cloud-settings">
      <legend>{t.cloudSection}</legend>
      <p class="wide explain">{t.cloudExplain}</p>
      <fieldset class="wide policy">
        <legend>{t.cloudPolicy}</legend>
        {POLICIES.map(([value, label]) => (
          <label key={value} class="choice">
            <input
              type="radio"
              name="cloud-policy"
              value={value}
              checked={cloudSettings.value.policy === value}
              onChange={() => setPolicy(value)}
            />
            {t[label]}
          </label>
        ))}
      </fieldset>
      {cloudSettings.value.policy !== 'never' && (
        <>
          <form
            class="wide inline"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await setEndpoint(endpoint.value);
                endpoint.value = cloudSettings.value.endpoint;
              }, t.endpointSaved);
            }}
          >
            <label>
              {t.cloudEndpoint}
              <input
                type="url"
                value={endpoint.value}
                spellcheck={false}
                aria-describedby="cloud-endpoint-hint"
                onInput={(e) => (endpoint.value = e.currentTarget.value)}
              />
              <span id="cloud-endpoint-hint" class="bounds">
                {t.cloudEndpointHint}
              </span>
            </label>
            <button type="submit" class="secondary">
              {t.saveEndpoint}
            </button>
          </form>
          <label class="wide">
            {t.cloudModel}
            <input
              type="text"
              value={cloudSettings.value.model}
              spellcheck={false}
              onChange={(e) => setCloudModel(e.currentTarget.value)}
            />
          </label>
          <form
            class="wide inline"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => {
                await saveCloudKey(key.value);
                key.value = '';
              });
            }}
          >
            <label>
              {t.apiKey}
              <input
                type="password"
                autocomplete="off"
                spellcheck={false}
                value={key.value}
                aria-describedby="cloud-key-hint"
                onInput={(e) => (key.value = e.currentTarget.value)}
              />
              <span id="cloud-key-hint" class="bounds">
                {t.apiKeyHint}
              </span>
            </label>
            <button type="submit" class="secondary" disabled={!key.value.trim()}>
              {t.saveKey}
            </button>
          </form>
          <p class="wide key-state" role="status">
            {keySaved.value ? t.keySavedFor(cloudHost()) : t.noKeySaved}{' '}
            {keySaved.value && (
              <button type="button" class="secondary" onClick={() => void run(forgetCloudKey)}>
                {t.forgetKey}
              </button>
            )}
          </p>
        </>
      )}
      {message.value && (
        <p class={`wide ${message.value.error ? 'problem' : 'done'}`} role={message.value.error ? 'alert' : 'status'}>
          {message.value.text}
        </p>
      )}
    </fieldset>
  );
}
