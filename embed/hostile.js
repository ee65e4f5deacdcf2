// Loads the widget from the other loopback origin than this page's
// (127.0.0.1 and localhost are different origins), as a landing page on one
// host would load it from a CDN or the collector on another.
const other = location.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
const widgetOrigin = `${location.protocol}//${other}:${location.port}`;
import(`${widgetOrigin}/embed.js`);
