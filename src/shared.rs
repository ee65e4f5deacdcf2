//! What every component may read: the bank, the texts and the settings,
//! handed down through a context instead of globals, so that several widgets
//! on one page never share anything.

use std::rc::Rc;

use role_quiz_core::config::WidgetConfig;
use role_quiz_core::content::{start_texts_for, texts_for, Bank, StartTexts, Texts, BANK};

use crate::edges::PageEdges;

/// The read-only surroundings of one widget instance.
pub struct Shared {
    pub bank: &'static Bank<'static>,
    /// The texts of the start screen and the questions.
    pub start: &'static StartTexts<'static>,
    /// Shared with the hand-over and the panic fallback rather than copied
    /// (copying it cost the start module 0.32 KiB of Wasm, brotli).
    pub config: Rc<WidgetConfig>,
    /// Prefix for element ids, unique per instance on a page, so labels and
    /// descriptions of two widgets never point at each other.
    pub id_prefix: String,
    /// The page this instance lives in: events, storage, links, delivery.
    pub edges: Rc<dyn PageEdges>,
}

impl Shared {
    pub fn new(config: Rc<WidgetConfig>, instance: &str, edges: Rc<dyn PageEdges>) -> Rc<Self> {
        let safe: String = instance
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        Rc::new(Shared {
            bank: &BANK,
            start: start_texts_for(&config.locale),
            config,
            id_prefix: format!("rq-{safe}-"),
            edges,
        })
    }

    /// Every screen's texts. Looked up when asked for, so the start
    /// module, whose screens use only [`Shared::start`], never links them.
    pub fn texts(&self) -> &'static Texts<'static> {
        texts_for(&self.config.locale)
    }

    /// An element id unique to this instance.
    pub fn id(&self, name: &str) -> String {
        format!("{}{name}", self.id_prefix)
    }
}

/// The context handle components receive.
#[derive(Clone)]
pub struct SharedContext(pub Rc<Shared>);

impl PartialEq for SharedContext {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for SharedContext {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// The shared surroundings, from inside any component under the app.
#[yew::hook]
pub fn use_shared() -> SharedContext {
    yew::use_context::<SharedContext>()
        .expect("components are rendered inside the app's context provider")
}
