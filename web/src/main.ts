import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './locales';
import { router } from './router';
import { setUnauthenticatedHandler } from './api/client';
import { useSessionStore } from './stores/session';
import './styles/index.css';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia);
app.use(i18n);
app.use(router);

// When any request finds the session gone, forget it and go to the login page.
setUnauthenticatedHandler(() => {
  useSessionStore(pinia).clear();
  if (router.currentRoute.value.name !== 'login') {
    void router.push({ name: 'login', query: { redirect: router.currentRoute.value.fullPath } });
  }
});

app.mount('#app');
