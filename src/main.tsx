import { render } from 'preact';
import { chooseForDevice, loadModel, modelFromLocation, preferences, preferencesFromLocation, selectModel } from './state/runtime.ts';
import { App } from './ui/app/index.tsx';

preferences.value = preferencesFromLocation(location);
const linked = modelFromLocation(location);
if (linked) {
  selectModel(linked);
  void loadModel(linked);
}
void chooseForDevice();

render(<App />, document.getElementById('app') as HTMLElement);
