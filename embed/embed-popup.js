// role-quiz embed, popup mode: the launcher button and the dialog the widget
// opens in. embed.js loads this module only for a <role-quiz mode="popup">,
// so a page with an inline widget never fetches it: 0.5 KiB less before its
// start screen. At build time scripts/write-embed.mjs gives the file a
// content-hashed name and fills in the part of the contract it reads.

// One JSON string, so it survives minification as written.
const CONTRACT = JSON.parse(__CONTRACT__);

/** The texts for a locale code such as en or en-GB, falling back to the
 * language and then to the default, as the widget chooses its texts. */
function textsFor(locale) {
  const wanted = (locale || '').trim().toLowerCase();
  const language = wanted.split(/[-_]/)[0];
  return CONTRACT.texts[wanted] ?? CONTRACT.texts[language] ?? CONTRACT.texts[CONTRACT.defaultLocale];
}

/** `launcher-text` as the widget accepts it, or the locale's default. */
function launcherText(element, texts) {
  const text = element.getAttribute('launcher-text') || '';
  return text && [...text].length <= CONTRACT.maxLauncherText ? text : texts.launcher;
}

/** Builds the launcher of the <role-quiz> `element` in its `shadow` root,
 * and the dialog that holds `container`, where the widget mounts. The
 * launcher opens the dialog and has `element` load the widget (`_load`). */
export function buildLauncher(element, shadow, container) {
  const wrap = document.createElement('div');
  wrap.className = 'rq-launcher-wrap rq-themed';
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'rq-button rq-primary rq-launcher';
  const texts = textsFor(element.getAttribute('locale'));
  launcher.textContent = launcherText(element, texts);
  launcher.setAttribute('aria-haspopup', 'dialog');
  const dialog = document.createElement('dialog');
  dialog.className = 'rq-dialog';
  const closeRow = document.createElement('div');
  closeRow.className = 'rq-dialog-close rq-themed';
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'rq-button rq-secondary';
  close.textContent = texts.close;
  closeRow.append(close);
  dialog.append(closeRow, container);
  wrap.append(launcher);
  shadow.append(wrap, dialog);
  launcher.addEventListener('click', async () => {
    launcher.setAttribute('aria-expanded', 'true');
    dialog.showModal();
    await element._load();
    const target = dialog.querySelector('h2, button.rq-primary');
    (target ?? close).focus();
  });
  close.addEventListener('click', () => dialog.close());
  // A modal dialog keeps the page inert, but Tab can still leave for the
  // browser's own controls: wrap it around inside the dialog instead.
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    // What Tab reaches: enabled, in the tab order, and shown (which leaves
    // out hidden inputs, and the result drawn ahead while the visitor is on
    // the last question, whose content-visibility hides it: see
    // src/prepared.rs).
    const focusable = [...dialog.querySelectorAll('a[href],button,input,select,textarea,[tabindex]')].filter(
      (el) => el.tabIndex >= 0 && !el.disabled && (el.checkVisibility ? el.checkVisibility() : el.getClientRects().length > 0),
    );
    const active = shadow.activeElement;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const radioGroupOf = (el) => (el?.type === 'radio' ? el.name : null);
    const onFirst = active === first || (radioGroupOf(active) && radioGroupOf(active) === radioGroupOf(first));
    const onLast = active === last || (radioGroupOf(active) && radioGroupOf(active) === radioGroupOf(last));
    if (event.shiftKey && onFirst) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && onLast) {
      event.preventDefault();
      first.focus();
    }
  });
  // Esc closes a modal dialog natively; focus goes back to the launcher.
  dialog.addEventListener('close', () => {
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  });
}
