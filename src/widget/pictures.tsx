/** Pictures in the widget, where its model sees: attached by button or paste, re-encoded on this device, shown as thumbnails. */
import type { Signal } from '@preact/signals';
import type { StoredPicture } from '../runtime/page/conversations/conversation.ts';
import { preparePicture } from '../runtime/page/pictures/prepare.ts';
import type { ContentPart } from '../runtime/shared/engine.ts';
import { MAX_PICTURES } from '../runtime/shared/pictures/picture-bytes.ts';

/** Prepares `files` into `pending` (at most MAX_PICTURES); the first problem is returned, worded, or null. */
export async function attach(files: readonly File[], pending: Signal<StoredPicture[]>): Promise<string | null> {
  for (const file of files) {
    if (pending.value.length >= MAX_PICTURES) return `A message holds at most ${MAX_PICTURES} pictures.`;
    try {
      pending.value = [...pending.value, await preparePicture(file, file.name || 'The picture')];
    } catch (error) {
      return (error as Error).message;
    }
  }
  return null;
}

/** A question as content parts: its text, then its pictures. */
export function partsOf(text: string, pictures: readonly StoredPicture[]): ContentPart[] {
  const images = pictures.map((p): ContentPart => ({ type: 'image_url', image_url: { url: p.url } }));
  return text ? [{ type: 'text', text }, ...images] : images;
}

export function Thumbnails({ pictures, onRemove }: { pictures: readonly StoredPicture[]; onRemove?: (i: number) => void }) {
  return (
    <span class="pictures">
      {pictures.map((p, i) => (
        <span key={i} class="picture">
          <img src={p.url} alt={`Attachment ${i + 1}, ${p.width} × ${p.height}`} />
          {onRemove && (
            <button type="button" class="secondary" aria-label={`Remove picture ${i + 1}`} onClick={() => onRemove(i)}>
              ×
            </button>
          )}
        </span>
      ))}
    </span>
  );
}

export function AttachButton({ onFiles }: { onFiles: (files: File[]) => void }) {
  return (
    <label class="attach">
      Attach a picture
      <input
        type="file"
        accept="image/*"
        multiple
        onChange={(e) => {
          const input = e.currentTarget;
          const files = [...(input.files ?? [])];
          input.value = '';
          onFiles(files);
        }}
      />
    </label>
  );
}
