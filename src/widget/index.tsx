/**
 * <inpage-chat>: a private chat for any page, from one module script and one element.
 *
 *   <script type="module" src="https://your.site/inpage/widget.js"></script>
 *   <inpage-chat model="auto" system-prompt="Be brief." placeholder="Ask me"></inpage-chat>
 *
 * Attributes: model ("auto", a catalog id, or a model's address), system-prompt, placeholder, theme
 * (light, dark or auto). Events (bubbling, composed): inpage-message {role, content}, inpage-error
 * {name, code, message}. Styles live in a shadow root: the page's do not reach in, the widget's do not leak out.
 */
import { render } from 'preact';
import { createRuntime, type Runtime } from '../lib/runtime.ts';
import css from './widget.css?inline';
import { Widget } from './widget.tsx';

class InPageChat extends HTMLElement {
  static observedAttributes = ['model', 'system-prompt', 'placeholder', 'theme'];
  readonly #root = this.attachShadow({ mode: 'open' });
  #runtime: Runtime | null = null;
  #model: string | null = null;

  connectedCallback(): void {
    this.#render();
  }

  disconnectedCallback(): void {
    render(null, this.#root);
    void this.#runtime?.dispose();
    this.#runtime = null;
    this.#model = null;
  }

  attributeChangedCallback(): void {
    if (this.isConnected) this.#render();
  }

  #render(): void {
    const model = this.getAttribute('model') ?? 'auto';
    if (this.#model !== model) {
      void this.#runtime?.dispose();
      this.#runtime = createRuntime({ model });
      this.#model = model;
    }
    const runtime = this.#runtime as Runtime;
    render(
      <>
        <style>{css}</style>
        <Widget
          key={model}
          runtime={runtime}
          host={this}
          systemPrompt={this.getAttribute('system-prompt') ?? ''}
          placeholder={this.getAttribute('placeholder') ?? 'Message'}
        />
      </>,
      this.#root,
    );
  }
}

if (!customElements.get('inpage-chat')) customElements.define('inpage-chat', InPageChat);

export { InPageChat };
