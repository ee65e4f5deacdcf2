// The iframe page: for hosts that allow only iframes. Settings and UTM
// parameters come from this page's own URL; the page posts its height to the
// parent (for auto-resize) and forwards the widget's events.
const SETTINGS = [
  'booking-url', 'contact-phone', 'contact-email', 'locale', 'lead-endpoint', 'lead-format', 'consent-text',
  'privacy-url', 'theme', 'accent', 'font', 'radius', 'launcher-text', 'share-url', 'capture',
];
const params = new URLSearchParams(location.search);
const widget = document.createElement('role-quiz');
widget.id = params.get('id') || 'frame';
for (const name of SETTINGS) {
  if (params.has(name)) widget.setAttribute(name, params.get(name));
}
widget.setAttribute('eager', '');
const fallback = document.createElement('a');
fallback.href = 'tel:+16177199530';
fallback.textContent = 'Call +1-617-719-9530 to book an alignment study';
widget.append(fallback);
document.body.append(widget);

const parentWindow = window.parent !== window ? window.parent : null;
let lastHeight = 0;
function postHeight() {
  const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
  if (parentWindow && height !== lastHeight) {
    lastHeight = height;
    parentWindow.postMessage({ type: 'rolequiz:height', height }, '*');
  }
}
new ResizeObserver(postHeight).observe(document.documentElement);
postHeight();

for (const name of ['view', 'start', 'answer', 'complete', 'lead-submitted', 'lead-queued', 'cta-click', 'error']) {
  widget.addEventListener(`rolequiz:${name}`, (event) => {
    parentWindow?.postMessage({ type: `rolequiz:${name}`, detail: event.detail }, '*');
  });
}
