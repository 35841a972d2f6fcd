// Runtime: renderer. Startup only: build the services, load the queue, mount the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import './app/styles.css';
import { connectApi } from './lib/api';
import { AppServicesContext, type AppServices } from './lib/app-services';
import { DownloadStore } from './lib/download-store';
import { ToastStore } from './lib/toast-store';

const rootElement = document.getElementById('root');
if (rootElement === null) throw new Error('index.html has no #root element.');

const { api, onConnectionChange } = connectApi();
const services: AppServices = { api, store: new DownloadStore(api), toasts: new ToastStore() };
onConnectionChange((isConnected) => services.store.setConnected(isConnected));
void services.store.start();

createRoot(rootElement).render(
  <StrictMode>
    <AppServicesContext value={services}>
      <App />
    </AppServicesContext>
  </StrictMode>,
);
