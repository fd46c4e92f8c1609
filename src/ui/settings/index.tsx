import './settings.css';
import { BOUNDS, schemaProblem, settings, updateSettings } from '../../state/settings.ts';
import { LOCALE_NAMES, type Locale, locale, setLocale, text } from '../i18n/index.ts';
import { CloudSettings } from './cloud-settings.tsx';

function NumberField({ name, label }: { name: keyof typeof BOUNDS; label: string }) {
  const { min, max, step } = BOUNDS[name];
  const id = `setting-${name}`;
  return (
    <label for={id}>
      {label}
      <input
        id={id}
        type="number"
        min={min}
        max={max}
        step={step}
        value={settings.value[name]}
        aria-describedby={`${id}-bounds`}
        // Out-of-range values are clamped when the field is left, and the field shows what will be used.
        onChange={(e) => updateSettings({ [name]: e.currentTarget.valueAsNumber })}
      />
      <span id={`${id}-bounds`} class="bounds">
        {text.value.boundsHint(min, max)}
      </span>
    </label>
  );
}

/** JSON replies: the switch, and the schema box with what is wrong with it as it is typed. */
function JsonSettings() {
  const t = text.value;
  const { jsonMode, jsonSchema } = settings.value;
  const problem = jsonMode ? schemaProblem(jsonSchema) : null;
  return (
    <>
      <label class="wide choice">
        <input type="checkbox" checked={jsonMode} onChange={(e) => updateSettings({ jsonMode: e.currentTarget.checked })} />
        {t.jsonMode}
      </label>
      {jsonMode && (
        <label class="wide">
          {t.jsonSchema}
          <textarea
            rows={4}
            class="code"
            spellcheck={false}
            value={jsonSchema}
            aria-describedby="setting-json-hint"
            aria-invalid={problem ? true : undefined}
            onInput={(e) => updateSettings({ jsonSchema: e.currentTarget.value })}
          />
        </label>
      )}
      {jsonMode && (
        <span id="setting-json-hint" class="bounds wide">
          {t.jsonHint}
        </span>
      )}
      {problem && (
        <p class="error wide" role="alert">
          {t.say(problem)}
        </p>
      )}
    </>
  );
}

/** Language, the default system prompt, and generation settings with their bounds. */
export function SettingsPanel() {
  const t = text.value;
  return (
    <div class="settings">
      <label>
        {t.language}
        <select value={locale.value} onChange={(e) => void setLocale(e.currentTarget.value as Locale)}>
          {Object.entries(LOCALE_NAMES).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t.defaultSystemPrompt}
        <textarea
          rows={3}
          value={settings.value.defaultSystemPrompt}
          onInput={(e) => updateSettings({ defaultSystemPrompt: e.currentTarget.value })}
        />
      </label>
      <fieldset>
        <legend>{t.generation}</legend>
        <NumberField name="temperature" label={t.temperature} />
        <NumberField name="topP" label={t.topP} />
        <NumberField name="maxTokens" label={t.maxTokens} />
        <label class="wide">
          {t.stopSequences}
          <textarea rows={2} value={settings.value.stopText} onInput={(e) => updateSettings({ stopText: e.currentTarget.value })} />
        </label>
      </fieldset>
      <fieldset>
        <legend>{t.advanced}</legend>
        <label class="wide choice">
          <input
            type="checkbox"
            checked={settings.value.reusePrompt}
            aria-describedby="setting-reuse-hint"
            onChange={(e) => updateSettings({ reusePrompt: e.currentTarget.checked })}
          />
          {t.reusePrompt}
        </label>
        <span id="setting-reuse-hint" class="bounds wide">
          {t.reusePromptHint}
        </span>
        <JsonSettings />
      </fieldset>
      <CloudSettings />
      <p class="build">{t.buildInfo(__INPAGE_BUILD__)}</p>
    </div>
  );
}
