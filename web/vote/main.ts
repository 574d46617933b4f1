// The evaluator's phone page (placeholder until the page is written): its
// own small entry, no UI kit, built for es2017 (WeChat's browser, Android 7+
// WebView, iOS Safari 12+). The carrier's code arrives in the URL #fragment,
// which the browser never sends to the server.
const app = document.getElementById('app');
if (app) app.textContent = '民主测评';
