import { type ReadonlySignal, signal, useSignalEffect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { text } from '../i18n/index.ts';
import './markdown.css';

type RenderModule = typeof import('./render.ts');
let module: Promise<RenderModule> | undefined;
/** Set once the renderer has loaded; effects read it, so every message re-renders with its current text then. */
const loaded = signal<RenderModule | null>(null);
const renderers = new Map<string, ReturnType<RenderModule['createRenderer']>>();

/** Starts loading the renderer (marked, DOMPurify) before the first reply needs it. */
export function preloadRenderer(): Promise<RenderModule> {
  module ??= import('./render.ts').then((m) => {
    loaded.value = m;
    return m;
  });
  return module;
}

function renderer(m: RenderModule) {
  const t = text.value;
  let r = renderers.get(t.locale);
  if (!r) {
    r = m.createRenderer({ copyCode: t.copyCode, codeLanguage: t.codeLanguage, imageNotLoaded: t.imageNotLoaded });
    renderers.set(t.locale, r);
  }
  return r;
}

/** Replaces only the children whose HTML changed, so a streaming reply does not rebuild its whole DOM each frame. */
function patch(root: HTMLElement, blocks: readonly string[]): void {
  // The plain text shown before the renderer arrived is a text node, which the blocks below would sit beside.
  for (const node of [...root.childNodes]) if (node.nodeType !== Node.ELEMENT_NODE) node.remove();
  blocks.forEach((html, i) => {
    let child = root.children[i] as HTMLElement | undefined;
    if (!child) {
      child = document.createElement('div');
      child.className = 'md-block';
      root.append(child);
    }
    if (child.dataset.html !== html) {
      child.innerHTML = html;
      child.dataset.html = html;
    }
  });
  while (root.children.length > blocks.length) root.lastElementChild?.remove();
}

function show(root: HTMLElement, source: string, streaming: boolean, m: RenderModule | null): void {
  if (!m) {
    root.textContent = source; // plain text until the renderer arrives, never raw HTML
    void preloadRenderer();
    return;
  }
  try {
    const r = renderer(m);
    if (streaming) {
      const blocks = m.splitBlocks(source);
      patch(
        root,
        blocks.map((block, i) => (i === blocks.length - 1 ? r.render(block) : r.renderCached(block))),
      );
    } else {
      patch(root, [r.render(source)]);
      void m.highlightCode(root).catch(() => {});
    }
  } catch {
    root.textContent = source; // a renderer failure falls back to text, never to raw HTML
  }
}

interface Props {
  source: ReadonlySignal<string>;
  streaming: ReadonlySignal<boolean>;
}

/** A reply rendered as Markdown, safely; code blocks get a copy button. */
export function Markdown({ source, streaming }: Props) {
  const root = useRef<HTMLDivElement>(null);
  useSignalEffect(() => {
    const el = root.current;
    void text.value; // re-render labels on a language switch
    if (el) show(el, source.value, streaming.value, loaded.value);
  });
  // One listener for every "Copy code" button, which the renderer writes as plain HTML.
  useEffect(() => {
    const el = root.current;
    const copy = (event: MouseEvent) => {
      const button = (event.target as Element).closest<HTMLButtonElement>('[data-copy]');
      const code = button?.closest('.code-block')?.querySelector('code')?.textContent;
      if (!button || code === undefined || code === null) return;
      navigator.clipboard?.writeText(code).then(
        () => {
          button.textContent = text.value.copied;
          setTimeout(() => (button.textContent = text.value.copyCode), 1500);
        },
        () => {},
      );
    };
    el?.addEventListener('click', copy);
    return () => el?.removeEventListener('click', copy);
  }, []);
  return <div class="content markdown" ref={root} />;
}
