import { text } from '../i18n/index.ts';

interface Props {
  line: string;
  percent: number | null;
  onCancel: () => void;
}

/** A load or download in progress: what is happening, a bar, and Cancel. */
export function ProgressLine({ line, percent, onCancel }: Props) {
  const t = text.value;
  return (
    <>
      <span>{line}</span>
      <progress max={100} value={percent ?? undefined} aria-label={t.progressLabel} />
      <button type="button" class="quiet" onClick={onCancel}>
        {t.cancel}
      </button>
    </>
  );
}
