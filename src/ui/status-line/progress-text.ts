import type { LoadProgress } from '../../runtime/shared/engine.ts';
import type { Messages } from '../i18n/en.ts';

/** Words and a percentage for load progress: phase, bytes, files, speed and time left. */
export function describeProgress(
  t: Messages,
  name: string,
  p: LoadProgress | null,
  rate: number | null,
): { text: string; percent: number | null } {
  if (!p) return { text: t.preparing(name), percent: null };
  const percent = p.totalBytes ? Math.floor((p.loadedBytes / p.totalBytes) * 100) : null;
  const files = p.files ? t.fileOf(p.files.done, p.files.total) : '';
  const eta = p.etaSeconds !== undefined ? t.timeLeft(t.duration(p.etaSeconds)) : '';
  switch (p.phase) {
    case 'other-tab': {
      const there = p.totalBytes ? t.otherTabProgress(t.bytes(p.loadedBytes), t.bytes(p.totalBytes), percent ?? 0) : '';
      return { text: `${t.otherTab(name)}${there}`, percent };
    }
    case 'start':
      return { text: t.startingLlama(name), percent: null };
    case 'load-from-cache':
      return { text: t.readingFromBrowser(name), percent: null };
    case 'gpu-upload':
      return { text: `${t.uploadingToGpu(name)}${percent === null ? '' : `: ${percent}%`}${files}${eta}`, percent };
    case 'download': {
      const of = p.totalBytes ? t.ofBytes(t.bytes(p.totalBytes)) : '';
      const speed = rate ? t.speed(t.bytes(rate)) : '';
      return {
        text: `${t.downloading(name)}: ${t.bytes(p.loadedBytes)}${of}${percent === null ? '' : ` (${percent}%)`}${files}${speed}${eta}`,
        percent,
      };
    }
  }
}
