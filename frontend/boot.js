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
import('./pkg/frontend.js').then(async (wasm) => {
  await wasm.default();
  document.querySelector('.booting')?.remove();
});
