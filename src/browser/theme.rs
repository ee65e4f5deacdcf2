//! Applies the configured theme to the host element as CSS custom
//! properties, through the CSSOM: no `style` attribute text, so a strict
//! Content-Security-Policy has nothing to refuse. Values were validated by
//! the core before they get here.

use role_quiz_core::config::WidgetConfig;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

pub fn apply(host: &Element, config: &WidgetConfig) {
    let Some(host) = host.dyn_ref::<HtmlElement>() else {
        return;
    };
    let style = host.style();
    let set = |name: &str, value: Option<String>| {
        let _ = match value {
            Some(v) => style.set_property(name, &v),
            None => style.remove_property(name).map(|_| ()),
        };
    };
    set("--rq-accent", config.accent.map(|c| c.hex()));
    set("--rq-accent-text", config.accent.map(|c| c.text_on().hex()));
    // In dark colours (chosen, or the visitor's preference under `auto`) the
    // accent is used only where it still reads on the dark background.
    let dark = config.accent.filter(|c| c.reads_on_dark());
    set("--rq-accent-dark", dark.map(|c| c.hex()));
    set("--rq-accent-dark-text", dark.map(|c| c.text_on().hex()));
    set("--rq-font", config.font.clone());
    set("--rq-radius", config.radius.map(|r| format!("{r}px")));
}
