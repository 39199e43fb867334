// Starts the WASM app. When the site is hosted on another origin than the API (ZJ_API_BASE at build
// time), requests to the API carry the session cookie: fetch needs `credentials: 'include'` for that.
const apiBase = '__ZJ_API_BASE__';
if (apiBase && !apiBase.startsWith('__')) {
  const plainFetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input.url;
    if (url && url.startsWith(apiBase)) {
      return input instanceof Request
        ? plainFetch(new Request(input, { credentials: 'include' }), init)
        : plainFetch(input, { ...init, credentials: 'include' });
    }
    return plainFetch(input, init);
  };
}

// When the app can't start (no WebAssembly, a script that fails to load or throws), say so in place of
// "加载中…" within seconds, with the browsers that work, instead of loading for ever (seed 001 q.11).
let started = false;
function cannotStart(reason) {
  if (started) return;
  const booting = document.querySelector('.booting');
  if (!booting) return;
  booting.className = 'booting boot-failed';
  booting.setAttribute('role', 'alert');
  booting.innerHTML =
    '<p><strong>本站无法在当前浏览器中运行。</strong>请使用最新版的 Chrome、Edge、Firefox 或 Safari' +
    '（360、QQ 等浏览器请切换到“极速模式”），并确认未禁用 JavaScript 和 WebAssembly。</p>' +
    '<p lang="en"><strong>This browser can\'t run the site.</strong> Please use a current Chrome, Edge, Firefox ' +
    'or Safari, with JavaScript and WebAssembly enabled.</p>';
  const detail = document.createElement('p');
  detail.className = 'hint';
  detail.textContent = `原因 / Reason: ${reason}`;
  booting.append(detail);
}
const bootErrors = (event) => cannotStart(event.message || String(event.reason || 'script error'));
window.addEventListener('error', bootErrors);
window.addEventListener('unhandledrejection', bootErrors);
if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
  cannotStart('WebAssembly 不可用 / WebAssembly is not available');
} else {
  import('./pkg/frontend.js')
    .then(async (wasm) => {
      await wasm.default();
      started = true;
      window.removeEventListener('error', bootErrors);
      window.removeEventListener('unhandledrejection', bootErrors);
      document.querySelector('.booting')?.remove();
    })
    .catch((err) => cannotStart(String(err && err.message ? err.message : err)));
}
