/** Conversations as files: the JSON export (and its import, all or nothing) and the Markdown export. */

import { say } from '../../shared/errors/said.ts';
import { sourceOf } from '../documents/cite.ts';
import {
  CONVERSATION_VERSION,
  type Conversation,
  ConversationFormatError,
  parseConversation,
  type ReplyMeta,
  type ReplySource,
} from './conversation.ts';

export const EXPORT_FORMAT = 'inpage-conversations';

export interface ExportFile {
  format: typeof EXPORT_FORMAT;
  version: typeof CONVERSATION_VERSION;
  exportedAt: string;
  conversations: Conversation[];
}

export function exportJson(conversations: readonly Conversation[]): string {
  const file: ExportFile = {
    format: EXPORT_FORMAT,
    version: CONVERSATION_VERSION,
    exportedAt: new Date().toISOString(),
    conversations: [...conversations],
  };
  return JSON.stringify(file, null, 2);
}

/** Parses an export file as a whole: one bad conversation rejects the file, so nothing is half-imported. */
export function parseExport(json: string): Conversation[] {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new ConversationFormatError(say('fileNotJson'));
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new ConversationFormatError(say('fileFault', { path: 'file', fault: 'object', word: '' }));
  const file = data as Record<string, unknown>;
  if (file.format !== EXPORT_FORMAT) throw new ConversationFormatError(say('fileNotExport'));
  if (!Array.isArray(file.conversations))
    throw new ConversationFormatError(say('fileFault', { path: 'file.conversations', fault: 'list', word: '' }));
  const conversations = file.conversations.map((c: unknown, i) => parseConversation(c, `conversations[${i}]`));
  const ids = new Set(conversations.map((c) => c.id));
  if (ids.size !== conversations.length) throw new ConversationFormatError(say('fileDuplicate'));
  return conversations;
}

/** " (model, where)" after a speaker's name, or nothing when the reply says nothing of its source. */
function sourceLabel(via: ReplySource | undefined, meta: ReplyMeta | undefined): string {
  const source = via ?? meta;
  if (!source) return '';
  const where = source.engine === 'cloud' && via?.host ? `cloud: ${via.host}` : source.engine;
  return ` (${source.model}, ${where})`;
}

export function exportMarkdown(
  conversations: readonly Conversation[],
  labels = {
    you: 'You',
    assistant: 'Assistant',
    system: 'System prompt',
    alternative: 'Compared reply',
    picture: (n: number, width: number, height: number) => `Picture ${n}, ${width} × ${height}`,
  },
): string {
  return conversations
    .map((c) => {
      const parts = [`# ${c.title}`, `_${new Date(c.createdAt).toISOString()}_`];
      if (c.systemPrompt) parts.push(`**${labels.system}:** ${c.systemPrompt}`);
      for (const m of c.messages) {
        const who = m.role === 'user' ? labels.you : `${labels.assistant}${sourceLabel(m.via, m.meta)}`;
        // Pictures are named, not embedded: the JSON export is the one that carries them.
        const pictures = (m.pictures ?? []).map((p, i) => `_[${labels.picture(i + 1, p.width, p.height)}]_`);
        parts.push(`**${who}:**\n\n${[...pictures, m.content].filter(Boolean).join('\n\n')}`);
        if (m.sources?.length) parts.push(m.sources.map((p, i) => `[${i + 1}] ${sourceOf(p)}`).join('  \n'));
        const alt = m.alternative;
        if (alt) parts.push(`**${labels.alternative}${sourceLabel(alt.via, alt.meta)}:**\n\n${alt.content}`);
      }
      return parts.join('\n\n');
    })
    .join('\n\n---\n\n');
}
