// The iframe page: for hosts that allow only iframes. Settings and UTM
// parameters come from this page's own URL; the page posts its height to the
// parent (for auto-resize) and forwards the widget's events. The contract
// (attributes, event names, texts) is filled in at build time from the core.
// One JSON string, so it survives minification as written.
const CONTRACT = JSON.parse(__CONTRACT__);
const SETTINGS = CONTRACT.frameAttributes;
const params = new URLSearchParams(location.search);
const widget = document.createElement('role-quiz');
widget.id = params.get('id') || 'frame';
for (const name of SETTINGS) {
  if (params.has(name)) widget.setAttribute(name, params.get(name));
}
widget.setAttribute('eager', '');
const texts = CONTRACT.texts[(params.get('locale') || '').toLowerCase().split(/[-_]/)[0]] ?? CONTRACT.texts[CONTRACT.defaultLocale];
const fallback = document.createElement('a');
fallback.href = `tel:${CONTRACT.phone.replace(/[^+\d]/g, '')}`;
fallback.textContent = texts.frameFallback;
widget.append(fallback);
document.body.append(widget);

const parentWindow = window.parent !== window ? window.parent : null;
let lastHeight = 0;
function postHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (parentWindow && height !== lastHeight) {
    lastHeight = height;
    parentWindow.postMessage({ type: `${CONTRACT.eventPrefix}height`, height }, '*');
  }
}
new ResizeObserver(postHeight).observe(document.documentElement);
postHeight();

for (const name of CONTRACT.events) {
  const type = CONTRACT.eventPrefix + name;
  widget.addEventListener(type, (event) => {
    parentWindow?.postMessage({ type, detail: event.detail }, '*');
  });
}
