import { useComputed } from '@preact/signals';
import type { ReplyMeta } from '../../runtime/page/conversations/conversation.ts';
import { generating, type Message } from '../../state/chat.ts';
import { keepAlternative } from '../../state/compare.ts';
import { formatUsd } from '../format.ts';
import type { Messages } from '../i18n/en.ts';
import { text } from '../i18n/index.ts';
import { Markdown } from '../markdown/index.tsx';
import './compare.css';

function figures(t: Messages, meta: ReplyMeta): string[] {
  const cloud = meta.engine === 'cloud';
  return [
    t.comparePromptTokens(meta.usage.prompt_tokens),
    t.compareCompletionTokens(meta.usage.completion_tokens),
    meta.timeToFirstTokenMs !== undefined ? t.firstToken(meta.timeToFirstTokenMs) : '',
    meta.decodeTokensPerSecond ? t.decodeRate(meta.decodeTokensPerSecond.toFixed(meta.decodeTokensPerSecond < 10 ? 1 : 0)) : '',
    !cloud ? t.compareFree : meta.costUsd !== undefined ? t.cost(formatUsd(meta.costUsd)) : t.compareNoPrice,
  ].filter(Boolean);
}

function Side({ reply, answer, owner }: { reply: Message; answer: boolean; owner: Message }) {
  const t = text.value;
  const via = reply.via.value;
  const meta = reply.meta.value;
  const streaming = useComputed(() => reply.state.value === 'streaming');
  const where = via?.engine === 'cloud' ? 'cloud' : 'local';
  const heading = !via ? t.assistant : where === 'cloud' ? t.cloudBadge(via.model, via.host ?? '') : t.compareOnDevice(via.model);
  const busy = generating.value || owner.state.value === 'streaming' || owner.alternative.value?.state.value === 'streaming';
  return (
    <section
      class={`compare-side ${where}`}
      aria-label={heading}
      aria-busy={reply.state.value === 'streaming'}
      data-side={where}
      data-kept={answer}
      data-state={reply.state.value}
      data-prompt-tokens={meta?.usage.prompt_tokens}
      data-completion-tokens={meta?.usage.completion_tokens}
      data-cost-usd={meta?.engine === 'cloud' ? meta.costUsd : meta ? 0 : undefined}
    >
      <h3>{heading}</h3>
      <div class="compare-text" data-source={reply.content.value}>
        <Markdown source={reply.content} streaming={streaming} />
      </div>
      {reply.error.value && (
        <p class="error" role="alert">
          {t.say(reply.error.value)}
        </p>
      )}
      {meta && (
        <ul class="figures">
          {figures(t, meta).map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      )}
      {answer ? (
        <p class="kept">{t.keptReply}</p>
      ) : (
        <button
          type="button"
          class="secondary"
          disabled={busy}
          aria-label={t.keepReplyFrom(via?.model ?? t.assistant)}
          onClick={() => void keepAlternative(owner)}
        >
          {t.keepReply}
        </button>
      )}
    </section>
  );
}

/** A compared reply: this device's and the cloud's side by side (stacked on a phone), either one kept. */
export function ComparePair({ message }: { message: Message }) {
  const other = message.alternative.value;
  if (!other) return null;
  const sides = [
    { reply: message, answer: true },
    { reply: other, answer: false },
  ].sort((a, b) => Number(a.reply.via.value?.engine === 'cloud') - Number(b.reply.via.value?.engine === 'cloud'));
  return (
    <section class="compare-pair" aria-label={text.value.comparedReplies}>
      {sides.map((s) => (
        <Side key={s.answer ? 'answer' : 'other'} reply={s.reply} answer={s.answer} owner={message} />
      ))}
    </section>
  );
}
