/** A question's pictures as thumbnails; each opens large in a dialog. */
import { useSignal } from '@preact/signals';
import type { StoredPicture } from '../../runtime/page/conversations/conversation.ts';
import { Dialog } from '../dialog/index.tsx';
import { text } from '../i18n/index.ts';

export function MessagePictures({ pictures }: { pictures: readonly StoredPicture[] }) {
  const t = text.value;
  const open = useSignal(false);
  const shown = useSignal(0);
  const big = pictures[shown.value];
  return (
    <>
      <ul class="pictures">
        {pictures.map((p, i) => (
          <li key={i}>
            <button
              type="button"
              class="picture"
              onClick={() => {
                shown.value = i;
                open.value = true;
              }}
            >
              <img src={p.url} alt={t.pictureAlt(i + 1, p.width, p.height)} />
            </button>
          </li>
        ))}
      </ul>
      <Dialog open={open} title={big ? t.pictureAlt(shown.value + 1, big.width, big.height) : ''}>
        {big && <img class="picture-large" src={big.url} alt={t.pictureAlt(shown.value + 1, big.width, big.height)} />}
      </Dialog>
    </>
  );
}
