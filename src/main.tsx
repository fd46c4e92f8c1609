import { render } from 'preact';
import { refreshConversations } from './state/conversations.ts';
import { chooseForDevice, loadModel, modelFromLocation, preferences, preferencesFromLocation, selectModel } from './state/runtime.ts';
import { App } from './ui/app/index.tsx';
import { preloadRenderer } from './ui/markdown/index.tsx';

preferences.value = preferencesFromLocation(location);
const linked = modelFromLocation(location);
if (linked) {
  selectModel(linked);
  void loadModel(linked);
}
void chooseForDevice();
void refreshConversations();

render(<App />, document.getElementById('app') as HTMLElement);

// The Markdown renderer is not needed for the first paint; fetch it once the page is idle.
(window.requestIdleCallback ?? setTimeout)(() => void preloadRenderer());
