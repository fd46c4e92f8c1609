import type { ModelSpec } from '../../runtime/shared/engine.ts';
import { downloadBytes } from '../../runtime/shared/models/catalog.ts';
import { alternativeModel } from '../../state/alternatives.ts';
import { cloudHost, cloudSettings, route } from '../../state/cloud.ts';
import { type Alternative, deviceProbe, loadModel, selectModel, session } from '../../state/runtime.ts';
import { text } from '../i18n/index.ts';

type ModelAlternative = Exclude<Alternative, 'cloud' | 'page'>;

const LABEL: Record<ModelAlternative, 'altReload' | 'altCpu' | 'altVariant' | 'altSmaller' | 'altVision'> = {
  reload: 'altReload',
  cpu: 'altCpu',
  variant: 'altVariant',
  smaller: 'altSmaller',
  vision: 'altVision',
};

interface Props {
  alternatives: readonly Alternative[];
  current: ModelSpec;
  /** Asks the cloud now (a failed reply asks again there); without it, the next message goes to the cloud. */
  onCloud?: (() => void) | undefined;
  /** Asks again once a model that sees has loaded (the picture was refused, not lost). */
  onSeeing?: (() => void) | undefined;
}

/** What to do instead of a failed model: each a button that loads the model it names, or asks the cloud (after consent). */
export function Alternatives({ alternatives, current, onCloud, onSeeing }: Props) {
  const t = text.value;
  const options = alternatives
    .filter((kind): kind is ModelAlternative => kind !== 'cloud' && kind !== 'page')
    .map((kind) => ({ kind, model: alternativeModel(kind, current, deviceProbe.value) }))
    .filter((o): o is { kind: ModelAlternative; model: ModelSpec } => o.model !== null);
  // Offered by the session's table when the reply failed; asked again, as the settings may have changed since.
  const cloud = alternatives.includes('cloud') && session.cloudPossible('chosen');
  const page = alternatives.includes('page');
  if (options.length === 0 && !cloud && !page) return null;
  return (
    <span class="alternatives">
      {page && (
        <button type="button" class="secondary" onClick={() => location.reload()}>
          {t.altReloadPage}
        </button>
      )}
      {options.map(({ kind, model }) => {
        const size = downloadBytes(model);
        const detail = kind === 'reload' ? '' : ` (${model.name}${size ? `, ${t.bytes(size)}` : ''})`;
        return (
          <button
            key={kind}
            type="button"
            class="secondary"
            onClick={() => {
              selectModel(model);
              // A failed load is said in the status line.
              loadModel(model).then(
                () => kind === 'vision' && onSeeing?.(),
                () => {},
              );
            }}
          >
            {t[LABEL[kind]]}
            {detail}
          </button>
        );
      })}
      {cloud && (
        <button
          type="button"
          class="secondary cloud"
          onClick={() => {
            route.value = 'cloud';
            onCloud?.();
          }}
        >
          {t.altCloud(cloudSettings.value.model, cloudHost())}
        </button>
      )}
    </span>
  );
}
