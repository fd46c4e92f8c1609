/**
 * Conversations in IndexedDB: one named store and thin verbs, through idb-keyval. Records are
 * validated (and migrated) on the way out, so an old or damaged record cannot break the app.
 */
import { del, get, promisifyRequest, set, setMany } from 'idb-keyval';
import { openDatabase } from '../../shared/store/idb.ts';
import { guard as guardStorage } from '../../shared/store/storage-errors.ts';
import { type Conversation, parseConversation } from './conversation.ts';

const guard = <T>(step: () => Promise<T>) => guardStorage(step, 0, 'conversation');

let stores: ReturnType<typeof openDatabase<'conversations'>> | undefined;
function db() {
  stores ??= openDatabase('inpage-chats', ['conversations']);
  return stores.conversations;
}

export interface ConversationList {
  conversations: Conversation[];
  /** Records that could not be read (damaged or from a newer version); kept, not deleted. */
  unreadable: number;
}

/** Every conversation, newest first. */
export function listConversations(): Promise<ConversationList> {
  return guard(async () => {
    const records = await db()('readonly', (store) => promisifyRequest(store.getAll()));
    const conversations: Conversation[] = [];
    let unreadable = 0;
    for (const record of records) {
      try {
        // Pictures were checked when attached; reading them all again would make every start slower with each one kept.
        conversations.push(parseConversation(record, 'conversation', { readPictures: false }));
      } catch {
        unreadable++;
      }
    }
    conversations.sort((a, b) => b.updatedAt - a.updatedAt);
    return { conversations, unreadable };
  });
}

export function getConversation(id: string): Promise<Conversation | undefined> {
  return guard(async () => {
    const record = await get(id, db());
    return record === undefined ? undefined : parseConversation(record, 'conversation', { readPictures: false });
  });
}

export function saveConversation(conversation: Conversation): Promise<void> {
  return guard(() => set(conversation.id, conversation, db()));
}

/** Saves several in one transaction: all of them, or (if one fails) none. */
export function saveConversations(list: readonly Conversation[]): Promise<void> {
  return guard(() =>
    setMany(
      list.map((c) => [c.id, c]),
      db(),
    ),
  );
}

export function deleteConversation(id: string): Promise<void> {
  return guard(() => del(id, db()));
}

/** Conversations whose title or text contains `query` (case-insensitive), newest first. */
export async function searchConversations(query: string): Promise<Conversation[]> {
  const needle = query.trim().toLocaleLowerCase();
  const { conversations } = await listConversations();
  if (!needle) return conversations;
  return conversations.filter(
    (c) => c.title.toLocaleLowerCase().includes(needle) || c.messages.some((m) => m.content.toLocaleLowerCase().includes(needle)),
  );
}
