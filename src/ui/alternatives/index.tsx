import { formatBytes } from '../../runtime/bytes.ts';
import { downloadBytes } from '../../runtime/catalog.ts';
import type { ModelSpec } from '../../runtime/engine.ts';
import { alternativeModel } from '../../state/alternatives.ts';
import { type Alternative, deviceProbe, loadModel, selectModel } from '../../state/runtime.ts';
import { text } from '../i18n/index.ts';

const LABEL: Record<Alternative, 'altReload' | 'altCpu' | 'altVariant' | 'altSmaller' | 'altCloud'> = {
  reload: 'altReload',
  cpu: 'altCpu',
  variant: 'altVariant',
  smaller: 'altSmaller',
  cloud: 'altCloud',
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
            {text.value[LABEL[kind]]}
            {detail}
          </button>
        );
      })}
    </span>
  );
}
