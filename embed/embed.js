// role-quiz embed: one module for any landing page.
//
//   <script type="module" src="https://HOST/embed.js"></script>
//   <role-quiz booking-url="https://…"><a href="https://…">Book an alignment study</a></role-quiz>
//
// This file has a stable URL. At build time scripts/write-embed.mjs fills in
// the start module's wasm-bindgen glue itself (see `startGlue`), the
// content-hashed names of the start module, of the full module's glue (loaded
// while the visitor answers; see src/ending.rs) and of the stylesheet, and
// the stylesheet's text, so the widget's styles need no <style> element and
// no inline style attribute (they work under a strict Content-Security-Policy);
// and the contract with the widget (attributes, modes, storage key, event
// names, texts per locale), printed by the core (core/examples/embed_contract.rs),
// so nothing here is a copy that could drift from the Rust.
//
// Each <role-quiz> renders in its own open shadow root. Until the widget is
// ready, the element shows its own light-DOM content (a booking link, say) in
// reserved space, so a blocked or failed load never leaves a blank box.

const START_WASM = '__START_WASM__';
const FULL_GLUE = '__FULL_GLUE__';
const CSS_FILE = '__CSS_FILE__';
const CSS_TEXT = __CSS_TEXT__;
// The later screens' styles, fetched with the full module.
const FULL_CSS_FILE = '__FULL_CSS_FILE__';
// The popup mode's launcher and dialog (embed-popup.js), fetched only for a
// popup.
const POPUP_FILE = '__POPUP_FILE__';
// One JSON string, so it survives minification as written.
const CONTRACT = JSON.parse(__CONTRACT__);
const BASE = new URL('.', import.meta.url);
const RESERVED_HEIGHT = '360px';

// Rules for the host element itself: reset everything it would inherit from
// the page (custom properties survive `all`, so theming still works). A modal
// dialog is centred in the layout viewport, which on a phone grows past the
// screen when the page is wider than it: the dialog's inset keeps it to the
// screen-sized box at the layout viewport's start (vw and vh measure the
// screen there), and is 0 wherever the two are the same size. Logical, since
// a right-to-left page starts at its right end (the page's direction reaches
// the dialog: `all` leaves `direction` alone). The launcher and the Close
// row read left to right, as their texts do (the widget's own `.rq` rule).
const HOST_CSS = `
:host { all: initial; display: block; contain: layout; }
:host([hidden]) { display: none; }
.rq-launcher-wrap { display: block; }
.rq-launcher, .rq-dialog-close { direction: ltr; }
.rq-dialog { padding: 0; border: none; background: transparent; max-width: min(760px, 100vw - 16px); width: 100%; max-height: calc(100vh - 16px); inset-block: 0 max(0px, 100% - 100vh); inset-inline: 0 max(0px, 100% - 100vw); }
.rq-dialog::backdrop { background: rgba(15, 20, 30, 0.6); }
.rq-dialog-close { display: flex; justify-content: flex-end; padding: 0 0 6px; }
`;

let sheet = null;
/** The later screens' styles, once fetched. */
let fullCssText = '';

/** Styles for a shadow root: one constructed stylesheet shared by every
 * instance, or links to the stylesheet files where that is unsupported
 * (there both come at once; the later screens' file is small). */
function adoptStyles(shadow) {
  try {
    if (!sheet) {
      const made = new CSSStyleSheet();
      made.replaceSync(HOST_CSS + CSS_TEXT + fullCssText);
      sheet = made;
    }
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    for (const file of [CSS_FILE, FULL_CSS_FILE]) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL(file, BASE).href;
      shadow.append(link);
    }
  }
}

/** `load` made to run once per page: later calls get the same promise. A
 * failed load is tried again by itself, 1 and then 3 seconds later, so a
 * moment's trouble on the network costs the visitor nothing; after the
 * third failure the load is forgotten, so the next call starts again (the
 * widget's "Try again"). `load` is told how many loads failed before it. */
function once(load) {
  let loading = null;
  let failed = 0;
  const attempt = (left) =>
    load(failed).catch((error) => {
      failed++;
      if (!left) throw error;
      return new Promise((wake) => setTimeout(wake, left > 1 ? 1e3 : 3e3)).then(() => attempt(left - 1));
    });
  return () => {
    if (!loading) {
      loading = attempt(2);
      loading.catch(() => {
        loading = null;
      });
    }
    return loading;
  };
}

/** Imports one of the widget's modules; after `failed` failed imports, from
 * an address of its own. Firefox (ESR 153) keeps a failed import's error for
 * the page's life, so importing the same address again fails without asking
 * the network, and "Try again" never could bring the result there. */
const importModule = (file, failed) => import(new URL(file + (failed ? '?retry=' + failed : ''), BASE).href);

/** Fetches the later screens' styles into the shared stylesheet. */
const loadFullCss = once(() =>
  fetch(new URL(FULL_CSS_FILE, BASE))
    .then((response) => (response.ok ? response.text() : Promise.reject(new Error(`role-quiz: ${FULL_CSS_FILE} answered ${response.status}`))))
    .then((text) => {
      fullCssText = text;
      sheet?.replaceSync(HOST_CSS + CSS_TEXT + fullCssText);
    }),
);

/** The start module's glue (wasm-bindgen's), written into this file by the
 * build as the body of this function, which returns the exports used here.
 * As a file of its own it was one more request before the start screen and
 * 0.26 KiB more (brotli): minified together, the parts of the glue this
 * file never calls are dropped. The demo page loads the same glue as a
 * file. */
function startGlue() {
  /* __START_GLUE__ */
}

/** Loads and starts a module from its `wasmFile` and the `glue` that
 * starts it. */
function startModule(wasmFile, glue) {
  // The Wasm is fetched at once, beside the glue, not after it: on a slow
  // network that saves a round trip. Its failure is reported by the glue's
  // start, which awaits it; marked handled here so a page never sees an
  // unhandled rejection of ours.
  const wasm = fetch(new URL(wasmFile, BASE));
  wasm.catch(() => {});
  return Promise.resolve()
    .then(glue)
    .then(async (module) => {
      await module.default({ module_or_path: wasm });
      return module;
    });
}
const loadWasm = once(() => startModule(START_WASM, startGlue));
const loadFullModule = once((failed) => startModule(FULL_GLUE.replace(/\.js$/, '_bg.wasm'), () => importModule(FULL_GLUE, failed)));
/** The popup mode's module. */
const loadPopup = once((failed) => importModule(POPUP_FILE, failed));

/** The full module and its styles, which the start module calls for while
 * the visitor answers. Nobody may await the load yet, so its failure is
 * marked handled: the widget reports it when the visitor finishes. Given the
 * widget's element, the full module checks the settings the start module
 * leaves to it (src/browser/handoff.rs), and, told where the widget's files
 * come from as the start module was, draws the result ahead on the last
 * question (src/prepared.rs). */
function loadFull(host) {
  const full = Promise.all([loadFullModule(), loadFullCss()]).then(([module]) => {
    if (host) {
      try {
        module.checkSettings(host, BASE.href);
      } catch {}
    }
    return module;
  });
  full.catch(() => {});
  return full;
}

function outboxWaiting() {
  try {
    return Boolean(localStorage.getItem(CONTRACT.outboxKey));
  } catch {
    return false;
  }
}

/** Sends one of the widget's events (by its name without the prefix), as
 * the widget itself does: on the element, and to the dataLayer. */
function emit(element, event, detail) {
  const name = CONTRACT.eventPrefix + event;
  element.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  if (Array.isArray(window.dataLayer)) window.dataLayer.push({ event: name, ...detail });
}

/** The widget listens for events on the element it is mounted into.
 * Wrapping those listeners keeps a fault in the widget inside it (a Rust
 * panic surfaces as a WebAssembly RuntimeError thrown from a listener): it
 * never reaches the page's own error handlers. A panic has already replaced
 * the widget with its fallback and sent rolequiz:error; any other fault is
 * reported here. */
function containErrors(container, host) {
  const wrapped = new WeakMap();
  container.addEventListener = function (type, listener, options) {
    if (typeof listener !== 'function') {
      return EventTarget.prototype.addEventListener.call(this, type, listener, options);
    }
    let safe = wrapped.get(listener);
    if (!safe) {
      safe = function (event) {
        try {
          return listener.call(this, event);
        } catch (error) {
          console.warn('role-quiz: a fault inside the widget was contained', error);
          if (!(error instanceof WebAssembly.RuntimeError)) emit(host, 'error', { reason: 'fault' });
        }
      };
      wrapped.set(listener, safe);
    }
    return EventTarget.prototype.addEventListener.call(this, type, safe, options);
  };
  container.removeEventListener = function (type, listener, options) {
    return EventTarget.prototype.removeEventListener.call(this, type, wrapped.get(listener) ?? listener, options);
  };
}

class RoleQuizElement extends HTMLElement {
  static observedAttributes = CONTRACT.attributes;

  connectedCallback() {
    if (this.shadowRoot && this._ready) return;
    const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    this._ready = true;
    // Through the CSSOM (no style attribute text): beats a page's `* { all: unset }`.
    this.style.display = 'block';
    adoptStyles(shadow);
    this._builtMode = this._mode();
    // The page's own content stays visible until the widget is ready.
    this._slot = document.createElement('slot');
    shadow.append(this._slot);
    if (this._mode() === 'popup') {
      // The widget mounts here, in the dialog the popup module builds; until
      // the launcher is drawn, the page's own content shows.
      this._container = document.createElement('div');
      containErrors(this._container, this);
      const container = this._container;
      loadPopup().then(
        (popup) => {
          // Not if the element was removed, or remounted, meanwhile.
          if (!this._ready || this._container !== container) return;
          popup.buildLauncher(this, shadow, container);
          // The launcher is on screen, so the widget is likely wanted: its
          // module is fetched and compiled in the page's next idle moment,
          // so the dialog's start screen is ready when the visitor opens it,
          // and the launcher takes the page's theme. Not mounted: a popup
          // never opened is not counted as seen. (A failure is reported
          // when the launcher is pressed and the load is tried again.)
          (window.requestIdleCallback ?? setTimeout)(() =>
            loadWasm().then(
              (glue) => this._container === container && !this._mounted && glue.themeHost(this),
              () => {},
            ),
          );
        },
        (error) => {
          console.warn('role-quiz: the popup launcher could not be loaded; showing the page\'s own content instead.', error);
          emit(this, 'error', { reason: 'load' });
        },
      );
      if (outboxWaiting()) this._load();
    } else {
      this.style.minHeight = RESERVED_HEIGHT;
      if (outboxWaiting() || this.hasAttribute('eager')) {
        this._load();
      } else {
        this._observer = new IntersectionObserver(
          (entries) => {
            if (entries.some((e) => e.isIntersecting)) {
              this._observer?.disconnect();
              this._observer = null;
              this._load();
            }
          },
          { rootMargin: '300px' },
        );
        this._observer.observe(this);
      }
    }
  }

  disconnectedCallback() {
    clearTimeout(this._remount);
    this._remount = null;
    this._observer?.disconnect();
    this._observer = null;
    if (this._handle != null) this._glue.unmountWidget(this._handle);
    this._handle = null;
    this.style.minHeight = '';
    if (this.shadowRoot) this.shadowRoot.replaceChildren();
    this._container = null;
    this._ready = false;
    this._mounted = false;
  }

  attributeChangedCallback(name, before, after) {
    // A widget not loaded yet reads its attributes when it loads; but a
    // launcher or reserved space drawn for the other mode is rebuilt.
    if (!this._ready || before === after || this._remount) return;
    if (!this._mounted && this._mode() === this._builtMode) {
      // A popup's launcher wears the page's theme before the widget mounts,
      // so a changed accent, font or radius reaches it too.
      if (this._builtMode === 'popup') loadWasm().then((glue) => this._mounted || glue.themeHost(this), () => {});
      return;
    }
    // Several attributes often change together: remount once, after the
    // widget's pending render, with all of them.
    this._remount = setTimeout(() => {
      this._remount = null;
      if (!this._ready) return;
      if (this._mode() !== this._builtMode) {
        this.disconnectedCallback();
        this.connectedCallback();
        return;
      }
      if (!this._mounted) return;
      // Progress is kept in storage, so the visitor stays where they were.
      this._glue.unmountWidget(this._handle);
      this._handle = this._glue.mountWidget(this, this._container, BASE.href, loadFull);
    }, 0);
  }

  /** `mode` as the widget reads it: a known value, or the first (inline). */
  _mode() {
    const mode = (this.getAttribute('mode') || '').toLowerCase();
    return CONTRACT.modes.includes(mode) ? mode : CONTRACT.modes[0];
  }

  async _load() {
    if (this._mounted || this._loading) return this._loading;
    this._loading = (async () => {
      try {
        const glue = await loadWasm();
        if (!this.isConnected) return;
        if (!this._container) {
          this._container = document.createElement('div');
          containErrors(this._container, this);
          this.shadowRoot.append(this._container);
        }
        this._glue = glue;
        this._handle = glue.mountWidget(this, this._container, BASE.href, loadFull);
        this._mounted = true;
        this._slot?.remove();
        this.style.minHeight = '';
      } catch (error) {
        // The page's own content stays; the page hears about it.
        console.warn('role-quiz: the widget could not be loaded; showing the page\'s own content instead.', error);
        emit(this, 'error', { reason: 'load' });
      } finally {
        this._loading = null;
      }
    })();
    return this._loading;
  }
}

if (!customElements.get('role-quiz')) customElements.define('role-quiz', RoleQuizElement);

/** For pages that build their own UI: mounts a widget in `element` and
 * returns a handle whose destroy() leaves nothing behind. Options are the
 * attributes in camelCase (bookingUrl, leadEndpoint, …). */
export function mount(element, options = {}) {
  const widget = document.createElement('role-quiz');
  for (const [key, value] of Object.entries(options)) {
    const name = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (value !== undefined && value !== null) widget.setAttribute(name, String(value));
  }
  widget.setAttribute('eager', '');
  element.append(widget);
  return {
    element: widget,
    ready: widget._loading ?? Promise.resolve(),
    destroy() {
      widget.remove();
    },
  };
}

window.RoleQuiz = Object.freeze({ mount, version: '1' });
