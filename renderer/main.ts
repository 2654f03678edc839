// Runs in: renderer. Entry point: mounts the app on the API that this window has (Electron preload or browser mode).
import { mount } from 'svelte';
import App from './App.svelte';
import { getApi } from './api/get-api';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element');

mount(App, { target, props: { api: getApi() } });
