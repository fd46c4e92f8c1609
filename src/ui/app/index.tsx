import { Composer } from '../composer/index.tsx';
import { MessageList } from '../message-list/index.tsx';
import { ModelBar } from '../model-bar/index.tsx';
import { Settings } from '../settings/index.tsx';
import { StatusLine } from '../status-line/index.tsx';
import { StoredModels } from '../stored-models/index.tsx';
import './app.css';

export function App() {
  return (
    <div class="app">
      <header class="app-header">
        <h1>InPage</h1>
        <StatusLine />
        <ModelBar />
        <StoredModels />
      </header>
      <main class="app-main">
        <MessageList />
      </main>
      <footer class="app-footer">
        <Composer />
        <Settings />
      </footer>
    </div>
  );
}
