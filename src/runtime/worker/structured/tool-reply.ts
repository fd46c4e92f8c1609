/**
 * Reads a local model's tool-mode reply as it streams: `{"content": "…"}` becomes text deltas, and
 * `{"tool_calls": [{"name": …, "arguments": {…}}]}` becomes OpenAI's tool-call deltas (id and name
 * first, then the arguments' JSON text piece by piece). The grammar guarantees the shape; this only
 * has to follow a prefix of it.
 */
import type { ToolCall, ToolCallDelta } from '../../shared/engine.ts';

interface Partial {
  /** Which key the reply opened with, once known. */
  kind: 'content' | 'tool_calls' | null;
  content: string;
  calls: { name: string | null; args: string }[];
}

const INCOMPLETE = Symbol('incomplete');

/** Decodes a JSON string's body, leaving out an escape that has not fully arrived. */
function decodeBody(raw: string): string {
  const cut = raw.match(/\\(u[0-9a-fA-F]{0,3})?$|\\u[dD][89abAB][0-9a-fA-F]{2}(\\u?[0-9a-fA-F]{0,3})?$/);
  const whole = cut ? raw.slice(0, cut.index) : raw;
  return JSON.parse(`"${whole}"`) as string;
}

/** What a (possibly cut) reply says so far. */
function readPartial(text: string): Partial {
  const state: Partial = { kind: null, content: '', calls: [] };
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
    if (i >= text.length) throw INCOMPLETE;
  };
  const expect = (ch: string) => {
    ws();
    if (text[i] !== ch) throw new SyntaxError(`expected ${ch} at ${i}`);
    i++;
  };
  /** A string: its decoded text, with `onPiece` told what has arrived when it is cut. */
  const string = (onPiece?: (sofar: string) => void): string => {
    expect('"');
    const start = i;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) {
      onPiece?.(decodeBody(text.slice(start, Math.min(i, text.length))));
      throw INCOMPLETE;
    }
    const value = decodeBody(text.slice(start, i));
    i++;
    return value;
  };
  /** Skips any JSON value; returns where it ends. */
  const skipValue = (): void => {
    ws();
    const ch = text[i];
    if (ch === '"') return void string();
    if (ch === '{' || ch === '[') {
      const close = ch === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (ch === '{') {
          string();
          expect(':');
        }
        skipValue();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(close);
        return;
      }
    }
    while (i < text.length && !',}] \t\n\r'.includes(text[i] as string)) i++;
    if (i >= text.length) throw INCOMPLETE;
  };
  const call = () => {
    const entry = { name: null as string | null, args: '' };
    state.calls.push(entry);
    expect('{');
    for (;;) {
      const key = string();
      expect(':');
      if (key === 'name') entry.name = string();
      else if (key === 'arguments') {
        ws();
        const start = i;
        try {
          skipValue();
        } finally {
          entry.args = text.slice(start, i);
        }
      } else skipValue();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      expect('}');
      return;
    }
  };
  try {
    expect('{');
    const key = string();
    expect(':');
    if (key === 'content') {
      state.kind = 'content';
      state.content = string((sofar) => {
        state.content = sofar;
      });
    } else if (key === 'tool_calls') {
      state.kind = 'tool_calls';
      expect('[');
      for (;;) {
        call();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        expect(']');
        break;
      }
    }
  } catch (error) {
    if (error !== INCOMPLETE) throw error;
  }
  return state;
}

const callId = () => `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;

export interface ToolReplyReader {
  /** Takes the next piece of the model's text; returns what is new, as deltas. */
  push(piece: string): { content?: string; tool_calls?: ToolCallDelta[] };
  /** The reply as a message: text, or the calls (content null), as far as it got. */
  result(): { content: string | null; tool_calls?: ToolCall[] };
}

export function toolReplyReader(): ToolReplyReader {
  let text = '';
  let sent: Partial = { kind: null, content: '', calls: [] };
  const ids: string[] = [];
  let broken = false;
  return {
    push(piece) {
      text += piece;
      if (broken) return {};
      let now: Partial;
      try {
        now = readPartial(text);
      } catch {
        // Not the shape the grammar allows (an engine without one): the text is given back whole at the end.
        broken = true;
        return {};
      }
      const out: { content?: string; tool_calls?: ToolCallDelta[] } = {};
      if (now.content.length > sent.content.length) out.content = now.content.slice(sent.content.length);
      const deltas: ToolCallDelta[] = [];
      now.calls.forEach((c, index) => {
        const before = sent.calls[index];
        // A call is announced once its name is complete, with its id; its arguments follow as they grow.
        if (c.name === null) return;
        const announced = before?.name != null;
        if (!announced) ids[index] = callId();
        const args = c.args.slice(announced ? (before?.args.length ?? 0) : 0);
        if (!announced) deltas.push({ index, id: ids[index] as string, type: 'function', function: { name: c.name, arguments: args } });
        else if (args) deltas.push({ index, function: { arguments: args } });
      });
      if (deltas.length) out.tool_calls = deltas;
      sent = {
        ...now,
        calls: now.calls.map((c, index) => (c.name === null ? { name: null, args: sent.calls[index]?.args ?? '' } : c)),
      };
      return out;
    },
    result() {
      if (broken) return { content: text };
      const final = readPartial(text);
      if (final.kind !== 'tool_calls') return { content: final.kind === 'content' ? final.content : text };
      const calls = final.calls
        .filter((c): c is { name: string; args: string } => c.name !== null)
        .map((c, index) => ({
          id: ids[index] ?? callId(),
          type: 'function' as const,
          function: { name: c.name, arguments: c.args.trim() },
        }));
      return { content: null, tool_calls: calls };
    },
  };
}
