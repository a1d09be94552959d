import '../lib/zod-csp';
import { mount } from 'svelte';
import '../lib/base.css';
import './console.css';
import App from './App.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing');

export default mount(App, { target });
