/**
 * <inpage-chat>: a private chat for any page, from one module script and one element.
 *
 *   <script type="module" src="https://your.site/inpage/widget.js"></script>
 *   <inpage-chat model="auto" system-prompt="Be brief." placeholder="Ask me"></inpage-chat>
 *
 * Attributes: model ("auto", a catalog id, or a model's address), mmproj (a GGUF vision model's
 * projector: the widget then takes pictures, as it does for a catalog model that sees), system-prompt, placeholder, theme
 * (light, dark or auto), fallback ("never", the default, or "ask", which "always" means here too, since the visitor set nothing: when this device cannot run the model,
 * the visitor is shown what would be sent and where, and decides), cloud-endpoint (an OpenAI-compatible
 * base URL, OpenAI's by default) and cloud-model (gpt-4o-mini by default). Events (bubbling, composed):
 * inpage-message {role, content, cloud?}, inpage-error {name, code, message}. Styles live in a shadow
 * root: the page's do not reach in, the widget's do not leak out.
 */
import { signal } from '@preact/signals';
import { render } from 'preact';
import { type FallbackRequest, type Runtime, runtimeFor } from '../lib/runtime.ts';
import { normalizeEndpoint, OPENAI_ENDPOINT } from '../runtime/page/engines/cloud/endpoint.ts';
import { keyFor } from '../runtime/page/engines/cloud/key-store.ts';
import { findModel, seesPictures } from '../runtime/shared/models/catalog.ts';
import type { Consent } from './consent.tsx';
import css from './widget.css?inline';
import { Widget } from './widget.tsx';

/** A catalog model that sees, by id (a model by address sees only with its mmproj). */
const seesModel = (model: string) => {
  const found = findModel(model);
  return found !== undefined && seesPictures(found);
};

const DEFAULT_MODEL = 'gpt-4o-mini';

class InPageChat extends HTMLElement {
  static observedAttributes = ['model', 'mmproj', 'system-prompt', 'placeholder', 'theme', 'fallback', 'cloud-endpoint', 'cloud-model'];
  readonly #root = this.attachShadow({ mode: 'open' });
  readonly #consent = signal<Consent | null>(null);
  #runtime: Runtime | null = null;
  #config: string | null = null;
  /** The widget's conversation, as the session remembers the visitor's yes for it (a new one for each configuration). */
  #conversation = crypto.randomUUID();

  connectedCallback(): void {
    this.#render();
  }

  disconnectedCallback(): void {
    render(null, this.#root);
    this.#consent.value?.answer(false);
    void this.#runtime?.dispose();
    this.#runtime = null;
    this.#config = null;
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#render();
  }

  #fallback(): 'never' | 'ask' | 'always' {
    const value = this.getAttribute('fallback');
    return value === 'ask' || value === 'always' ? value : 'never';
  }

  #render(): void {
    const model = this.getAttribute('model') ?? 'auto';
    const mmproj = this.getAttribute('mmproj');
    const fallback = this.#fallback();
    const cloudModel = this.getAttribute('cloud-model') || DEFAULT_MODEL;
    let endpoint: string | null = null;
    let problem: string | null = null;
    if (fallback !== 'never') {
      try {
        endpoint = normalizeEndpoint(this.getAttribute('cloud-endpoint') || OPENAI_ENDPOINT);
      } catch (error) {
        problem = `The cloud-endpoint attribute is not usable: ${(error as Error).message}`;
      }
    }
    const config = JSON.stringify([model, mmproj, endpoint, cloudModel]);
    if (this.#config !== config) {
      this.#consent.value?.answer(false);
      void this.#runtime?.dispose();
      this.#conversation = crypto.randomUUID();
      const cloudEndpoint = endpoint;
      // A widget sits on someone else's page and its visitor set nothing: a standing "always" counts as "ask" (the table says so).
      this.#runtime = runtimeFor(
        {
          model,
          ...(mmproj ? { mmproj } : {}),
          ...(cloudEndpoint
            ? {
                fallback,
                cloud: { baseURL: cloudEndpoint, model: cloudModel, apiKey: () => keyFor(cloudEndpoint) },
                onFallback: (request: FallbackRequest) =>
                  new Promise<boolean>((resolve) => {
                    this.#consent.value = {
                      request,
                      endpoint: cloudEndpoint,
                      answer: (send) => {
                        this.#consent.value = null;
                        resolve(send);
                      },
                    };
                  }),
              }
            : {}),
        },
        { standing: false },
      );
      this.#config = config;
    }
    render(
      <>
        <style>{css}</style>
        <Widget
          key={config}
          runtime={this.#runtime as Runtime}
          conversation={this.#conversation}
          host={this}
          consent={this.#consent}
          problem={problem}
          systemPrompt={this.getAttribute('system-prompt') ?? ''}
          placeholder={this.getAttribute('placeholder') ?? 'Message'}
          sees={mmproj !== null || seesModel(model)}
        />
      </>,
      this.#root,
    );
  }
}

if (!customElements.get('inpage-chat')) customElements.define('inpage-chat', InPageChat);

export { InPageChat };
