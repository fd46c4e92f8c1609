import { inputCostInUsd } from '../../runtime/page/engines/cloud/pricing.ts';
import { closeCompare, compareQuestion, confirmCompare, type TokenCount } from '../../state/compare.ts';
import { KeyField, Outgoing, Problem, useAsking } from '../cloud-consent/outgoing.tsx';
import { Dialog } from '../dialog/index.tsx';
import { formatUsd } from '../format.ts';
import { text } from '../i18n/index.ts';
import '../cloud-consent/cloud-consent.css';
import './compare.css';

function Count({ count }: { count: TokenCount }) {
  const t = text.value;
  if (count.kind === 'counting') return <>{t.compareCounting}</>;
  if (count.kind === 'failed') return <>{t.compareCountFailed(t.say(count.said))}</>;
  return (
    <>
      {t.compareTokenCount(count.tokens)}
      {count.pictures && ` ${t.comparePictureTokens(count.pictures.count, count.pictures.tokens)}`}
    </>
  );
}

/**
 * Before a comparison: what would leave and for whom, the prompt in each tokenizer's tokens and what
 * sending it costs, and the key when none is saved. Only "Compare" sends; closing sends nothing.
 */
export function CompareDialog() {
  const t = text.value;
  const { open, key, problem, send } = useAsking(compareQuestion, closeCompare, () => void confirmCompare());
  const q = compareQuestion.value;
  const cloud = q?.cloudTokens.value;
  const inputCost = q && cloud?.kind === 'done' ? inputCostInUsd(q.model, cloud.tokens) : undefined;
  return (
    <Dialog open={open} title={q ? t.compareWith(q.model) : t.compare}>
      {q && (
        <form class="cloud-consent compare-dialog" onSubmit={send}>
          <p>{t.compareIntro(q.localModel.value, q.model, q.host)}</p>
          <Outgoing messages={q.messages} passages={q.passages} />
          <h3>{t.compareTokens}</h3>
          <dl class="token-counts">
            <div data-tokenizer="local">
              <dt>{t.compareTokenizerLocal(q.localModel.value)}</dt>
              <dd>
                <Count count={q.localTokens.value} />
              </dd>
            </div>
            <div data-tokenizer="o200k_base">
              <dt>{t.compareTokenizerCloud}</dt>
              <dd>
                <Count count={q.cloudTokens.value} />
              </dd>
            </div>
          </dl>
          {inputCost !== undefined && <p>{t.compareInputCost(formatUsd(inputCost), q.model)}</p>}
          <p class="hint">{t.compareTokensWhy}</p>
          {q.needsKey && <KeyField host={q.host} value={key} hintId="compare-key-hint" />}
          <Problem problem={problem.value} />
          <div class="actions">
            <button type="submit">{t.compareSend}</button>
            <button type="button" class="secondary" onClick={closeCompare}>
              {t.cancel}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
