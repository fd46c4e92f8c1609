import { useSignal } from '@preact/signals';
import { CloudConsent } from '../cloud-consent/index.tsx';
import { CompareDialog } from '../compare/compare-dialog.tsx';
import { Composer } from '../composer/index.tsx';
import { ConversationHeader } from '../conversation-header/index.tsx';
import { Dialog } from '../dialog/index.tsx';
import { EvictionNotice } from '../eviction-notice/index.tsx';
import { text } from '../i18n/index.ts';
import { MessageList } from '../message-list/index.tsx';
import { ModelsPanel } from '../models/index.tsx';
import { SettingsPanel } from '../settings/index.tsx';
import { Sidebar } from '../sidebar/index.tsx';
import { StatusLine } from '../status-line/index.tsx';
import { UpdateBanner } from '../update-banner/index.tsx';
import './app.css';

export function App() {
  const t = text.value;
  const models = useSignal(false);
  const settings = useSignal(false);
  const sidebar = useSignal(false);
  return (
    <div class="app" data-sidebar={sidebar.value ? 'open' : 'closed'}>
      <a class="skip-link" href="#composer-input">
        {t.skipToComposer}
      </a>
      <header class="app-header">
        <div class="header-row">
          <button
            type="button"
            class="secondary menu-button"
            aria-expanded={sidebar.value}
            aria-controls="sidebar"
            onClick={() => (sidebar.value = !sidebar.value)}
          >
            {t.showConversations}
          </button>
          <h1>{t.appName}</h1>
          <div class="header-actions">
            <button type="button" class="secondary" onClick={() => (models.value = true)}>
              {t.models}
            </button>
            <button type="button" class="secondary" onClick={() => (settings.value = true)}>
              {t.settings}
            </button>
          </div>
        </div>
        <UpdateBanner />
        <EvictionNotice />
        <StatusLine />
      </header>
      <aside id="sidebar" class="app-sidebar">
        <Sidebar onNavigate={() => (sidebar.value = false)} />
      </aside>
      <main class="app-main">
        <ConversationHeader />
        <MessageList />
      </main>
      <footer class="app-footer">
        <Composer />
      </footer>
      <Dialog open={models} title={t.modelsTitle}>
        {models.value && <ModelsPanel />}
      </Dialog>
      <Dialog open={settings} title={t.settingsTitle}>
        <SettingsPanel />
      </Dialog>
      <CloudConsent />
      <CompareDialog />
    </div>
  );
}
