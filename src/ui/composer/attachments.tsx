/** Pictures waiting in the composer: attached by button, camera, paste or drop; shown as thumbnails until sent. */
import { type Signal, useSignal } from '@preact/signals';
import type { StoredPicture } from '../../runtime/page/conversations/conversation.ts';
import { preparePicture } from '../../runtime/page/pictures/prepare.ts';
import { saidOf } from '../../runtime/shared/errors/said.ts';
import { MAX_PICTURES } from '../../runtime/shared/pictures/picture-bytes.ts';
import { text } from '../i18n/index.ts';

export interface Attachments {
  pictures: Signal<StoredPicture[]>;
  /** What went wrong with the last file given, worded; null when nothing did. */
  problem: Signal<string | null>;
  preparing: Signal<number>;
  add(files: readonly File[]): Promise<void>;
}

export function useAttachments(): Attachments {
  const pictures = useSignal<StoredPicture[]>([]);
  const problem = useSignal<string | null>(null);
  const preparing = useSignal(0);
  const add = async (files: readonly File[]) => {
    problem.value = null;
    for (const file of files) {
      if (pictures.value.length + preparing.value >= MAX_PICTURES) {
        problem.value = text.value.tooManyPictures(MAX_PICTURES);
        return;
      }
      preparing.value++;
      try {
        const picture = await preparePicture(file, file.name || text.value.unnamedPicture);
        pictures.value = [...pictures.value, picture];
      } catch (error) {
        // One bad file is named and left out; the others still attach.
        problem.value = text.value.say(saidOf(error));
      } finally {
        preparing.value--;
      }
    }
  };
  return { pictures, problem, preparing, add };
}

/** Files from a file input, emptied so the same file can be chosen again. */
function taken(input: HTMLInputElement): File[] {
  const files = [...(input.files ?? [])];
  input.value = '';
  return files;
}

/** Attach and, on a touch screen, take a photo with the camera. */
export function AttachButtons({ attachments }: { attachments: Attachments }) {
  const t = text.value;
  const touch = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
  return (
    <div class="attach-buttons">
      <label class="file-button">
        {t.attachPicture}
        <input type="file" accept="image/*" multiple onChange={(e) => void attachments.add(taken(e.currentTarget))} />
      </label>
      {touch && (
        <label class="file-button">
          {t.takePhoto}
          <input type="file" accept="image/*" capture="environment" onChange={(e) => void attachments.add(taken(e.currentTarget))} />
        </label>
      )}
    </div>
  );
}

/** The attached pictures as thumbnails, each with a way to take it off again. */
export function AttachmentList({ attachments }: { attachments: Attachments }) {
  const t = text.value;
  const { pictures, problem, preparing } = attachments;
  return (
    <>
      {pictures.value.length > 0 && (
        <ul class="attachments" aria-label={t.attachedPictures}>
          {pictures.value.map((p, i) => (
            <li key={i}>
              <img src={p.url} alt={t.pictureAlt(i + 1, p.width, p.height)} />
              <button
                type="button"
                class="quiet"
                aria-label={t.removePicture(i + 1)}
                onClick={() => (pictures.value = pictures.value.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {preparing.value > 0 && (
        <p class="attach-note" role="status">
          {t.preparingPictures}
        </p>
      )}
      {problem.value && (
        <p class="attach-problem" role="alert">
          {problem.value}
        </p>
      )}
    </>
  );
}
