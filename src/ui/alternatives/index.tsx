import { formatBytes } from '../../runtime/bytes.ts';
import { downloadBytes } from '../../runtime/catalog.ts';
import type { ModelSpec } from '../../runtime/engine.ts';
import { alternativeModel } from '../../state/alternatives.ts';
import { type Alternative, deviceProbe, loadModel, selectModel } from '../../state/runtime.ts';

const LABEL: Record<Alternative, string> = {
  reload: 'Load it again',
  cpu: 'Use the CPU engine',
  variant: 'Use the q4f32 variant',
  smaller: 'Use a smaller model',
  cloud: 'Use the cloud',
};

interface Props {
  alternatives: readonly Alternative[];
  current: ModelSpec;
}

/** What to do instead of a failed model: each a button that loads the model it names. */
export function Alternatives({ alternatives, current }: Props) {
  const options = alternatives
    .map((kind) => ({ kind, model: alternativeModel(kind, current, deviceProbe.value) }))
    .filter((o): o is { kind: Alternative; model: ModelSpec } => o.model !== null);
  if (options.length === 0) return null;
  return (
    <span class="alternatives">
      {options.map(({ kind, model }) => {
        const size = downloadBytes(model);
        const detail = kind === 'reload' ? '' : ` (${model.name}${size ? `, ${formatBytes(size)}` : ''})`;
        return (
          <button
            key={kind}
            type="button"
            class="secondary"
            onClick={() => {
              selectModel(model);
              void loadModel(model);
            }}
          >
            {LABEL[kind]}
            {detail}
          </button>
        );
      })}
    </span>
  );
}
