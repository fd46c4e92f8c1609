import { render } from 'preact';
import { watchPolicyBlocks } from './runtime/shared/policy-blocks.ts';
import { refreshConversations } from './state/conversations.ts';
import { refreshDocuments } from './state/documents.ts';
import { chooseForDevice, loadOnPress, modelFromLocation, preferences, preferencesFromLocation, selectModel } from './state/runtime.ts';
import { registerServiceWorker } from './state/updates.ts';
import { App } from './ui/app/index.tsx';
import { localeReady } from './ui/i18n/index.ts';
import { preloadRenderer } from './ui/markdown/index.tsx';

watchPolicyBlocks(document);
preferences.value = preferencesFromLocation(location);
const linked = modelFromLocation(location);
if (linked) {
  selectModel(linked);
  loadOnPress(linked);
}
void chooseForDevice();
void refreshConversations();
void refreshDocuments().catch(() => {}); // without storage there are no documents to list; attaching says why

// A Ukrainian page waits for its strings (one small chunk) rather than showing English first.
await localeReady;
render(<App />, document.getElementById('app') as HTMLElement);
document.documentElement.dataset.build = __INPAGE_BUILD__;
void registerServiceWorker();

// The Markdown renderer is not needed for the first paint: fetch it once the page has painted, when idle.
const preload = () => (window.requestIdleCallback ?? setTimeout)(() => void preloadRenderer());
if (!PerformanceObserver.supportedEntryTypes?.includes('paint')) setTimeout(preload, 1000);
else if (performance.getEntriesByName('first-contentful-paint').length > 0) preload();
else
  new PerformanceObserver((_list, observer) => {
    observer.disconnect();
    preload();
  }).observe({ type: 'paint' });
