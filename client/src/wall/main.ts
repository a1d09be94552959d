import { mount } from 'svelte';
import '../lib/base.css';
import './wall.css';
import App from './App.svelte';
import { setLang } from '../lib/i18n.svelte';

// No language button on a projected screen: the wall's address chooses (?lang=en), Chinese by default.
setLang(new URLSearchParams(window.location.search).get('lang') === 'en' ? 'en' : 'zh-CN');

const target = document.getElementById('app');
if (!target) throw new Error('#app element missing');

export default mount(App, { target });
