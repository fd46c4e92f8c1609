import { useSignal } from '@preact/signals';
import { wasmFeatures } from '../../runtime/shared/wasm/wasm-choice.ts';
import {
  BENCH_PROMPT,
  BENCH_TOKENS,
  type BenchRow,
  benchCandidates,
  benchRows,
  benchRunning,
  decodeCeiling,
  runDeviceBench,
  useFastest,
} from '../../state/device-bench.ts';
import { deviceProbe, loadOnPress, selectedModel } from '../../state/runtime.ts';
import { text } from '../i18n/index.ts';
import './device-bench.css';

const rate = (n: number | null) => (n === null ? '—' : n.toFixed(n < 10 ? 1 : 0));

/** Runs the chosen model on each engine this device offers, shows the figures beside reference ones, and copies them as JSON. */
export function DeviceBench() {
  const t = text.value;
  const bandwidth = useSignal('');
  const copied = useSignal(false);
  const model = selectedModel.value;
  const candidates = benchCandidates(model);
  const rows = benchRows.value;
  const gbs = Number(bandwidth.value);
  const json = () =>
    JSON.stringify(
      {
        prompt: BENCH_PROMPT,
        max_tokens: BENCH_TOKENS,
        device: deviceProbe.value && {
          gpu: deviceProbe.value.gpu && {
            vendor: deviceProbe.value.gpu.vendor,
            architecture: deviceProbe.value.gpu.architecture,
            features: deviceProbe.value.gpu.features,
          },
          cores: deviceProbe.value.cores,
          memory_gb: deviceProbe.value.deviceMemoryGB,
          wasm: wasmFeatures(),
        },
        memory_bandwidth_gb_s: gbs > 0 ? gbs : null,
        results: rows,
        user_agent: navigator.userAgent,
      },
      null,
      2,
    );
  return (
    <section class="device-bench">
      <h3>{t.benchTitle}</h3>
      <p>{t.benchExplain(model.name, candidates.map((c) => c.label).join(', ') || '—', BENCH_TOKENS)}</p>
      <div class="bench-actions">
        <button type="button" disabled={benchRunning.value || candidates.length === 0} onClick={() => void runDeviceBench(candidates)}>
          {benchRunning.value ? t.benchRunning : t.benchRun}
        </button>
        <label>
          {t.bandwidth}
          <input
            type="number"
            min={0}
            step={1}
            inputMode="decimal"
            value={bandwidth.value}
            onInput={(e) => (bandwidth.value = e.currentTarget.value)}
          />
        </label>
      </div>
      {rows.length > 0 && (
        <table>
          <caption class="visually-hidden">{t.benchTitle}</caption>
          <thead>
            <tr>
              <th scope="col">{t.engine}</th>
              <th scope="col">{t.benchLoad}</th>
              <th scope="col">{t.benchFirstToken}</th>
              <th scope="col">{t.benchPrefill}</th>
              <th scope="col">{t.benchDecode}</th>
              <th scope="col">{t.benchCeiling}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r: BenchRow) => (
              <tr key={r.label} data-label={r.label}>
                <th scope="row">
                  {r.label}
                  {r.wasm_build && <span class="note"> ({t.wasmBuild(r.wasm_build)})</span>}
                </th>
                {r.error ? (
                  <td colSpan={5} class="error-text">
                    {t.say(r.error)}
                  </td>
                ) : (
                  <>
                    <td>{r.load_ms === null ? '—' : `${(r.load_ms / 1000).toFixed(1)} s`}</td>
                    <td>{r.first_token_ms === null ? '—' : `${r.first_token_ms} ms`}</td>
                    <td>{rate(r.prefill_tokens_per_second)}</td>
                    <td>{rate(r.decode_tokens_per_second)}</td>
                    <td>{rate(decodeCeiling(gbs, r.weight_bytes))}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="reference">{t.benchReference}</p>
      {rows.length > 0 && !benchRunning.value && (
        <div class="bench-actions">
          <button
            type="button"
            class="secondary"
            onClick={() =>
              void navigator.clipboard?.writeText(json()).then(
                () => (copied.value = true),
                () => {},
              )
            }
          >
            {copied.value ? t.copied : t.benchCopy}
          </button>
          <button
            type="button"
            class="secondary"
            disabled={!rows.some((r) => r.decode_tokens_per_second !== null)}
            onClick={() => {
              const choice = useFastest(candidates);
              if (choice) loadOnPress(choice.model);
            }}
          >
            {t.benchUseFastest}
          </button>
        </div>
      )}
    </section>
  );
}
