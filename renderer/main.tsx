import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createHostLink } from './api/index.js';
import { App } from './App.js';
import './styles/app.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const link = createHostLink();
createRoot(container).render(
  <StrictMode>
    <App link={link} />
  </StrictMode>,
);
