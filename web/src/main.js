import { createApp } from 'vue';
import App from './App.vue';
import { startAuth } from './auth.js';
import './style.css';

startAuth()
  .catch((e) => console.error('identity provider settings not loaded', e))
  .finally(() => createApp(App).mount('#app'));
