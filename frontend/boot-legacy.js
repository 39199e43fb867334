// Runs only in browsers without module scripts (so without the WebAssembly the app needs): says so
// instead of "加载中…". ES5 on purpose.
var booting = document.querySelector('.booting');
if (booting) {
  booting.className = 'booting boot-failed';
  booting.setAttribute('role', 'alert');
  booting.innerHTML = '<p><strong>本站无法在当前浏览器中运行。</strong>请使用最新版的 Chrome、Edge、Firefox 或 Safari' +
    '（360、QQ 等浏览器请切换到“极速模式”）。</p>' +
    '<p lang="en"><strong>This browser can\'t run the site.</strong> Please use a current Chrome, Edge, Firefox or Safari.</p>';
}
