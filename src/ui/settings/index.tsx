import type { Signal } from '@preact/signals';
import { maxTokens, stopText, temperature, topP } from '../../state/settings.ts';
import './settings.css';

interface NumberFieldProps {
  label: string;
  value: Signal<number>;
  min: number;
  max: number;
  step: number;
}

function NumberField({ label, value, min, max, step }: NumberFieldProps) {
  return (
    <label>
      {label}
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={value.value}
        onInput={(e) => {
          const n = e.currentTarget.valueAsNumber;
          // Out-of-range input is refused by the runtime with a message; here only NaN is ignored.
          if (!Number.isNaN(n)) value.value = n;
        }}
      />
    </label>
  );
}

/** Sampling settings for the next reply. */
export function Settings() {
  return (
    <details class="settings">
      <summary>Generation settings</summary>
      <div class="fields">
        <NumberField label="Temperature" value={temperature} min={0} max={2} step={0.1} />
        <NumberField label="Top-p" value={topP} min={0.01} max={1} step={0.01} />
        <NumberField label="Max tokens" value={maxTokens} min={1} max={4096} step={1} />
        <label class="wide">
          Stop sequences (one per line)
          <textarea rows={2} value={stopText.value} onInput={(e) => (stopText.value = e.currentTarget.value)} />
        </label>
      </div>
    </details>
  );
}
