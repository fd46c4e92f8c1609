import { render } from 'preact';
import { loadModel, modelFromLocation, preferences, preferencesFromLocation, selectedModel } from './state/runtime.ts';
import { App } from './ui/app/index.tsx';

preferences.value = preferencesFromLocation(location);
const linked = modelFromLocation(location);
if (linked) {
  selectedModel.value = linked;
  void loadModel(linked);
}

render(<App />, document.getElementById('app') as HTMLElement);
