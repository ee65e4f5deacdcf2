//! What the widget asks of the page it lives in: analytics events, saved
//! progress, links, printing, the clock and ids, and delivering leads.
//!
//! Components reach these only through the shared context
//! ([`crate::shared::Shared::edges`]), never through `browser` directly, so
//! each view stays a view; `browser::page_edges` implements them for a real
//! page, and `mount` hands that implementation to the app.

use std::future::Future;
use std::pin::Pin;

use role_quiz_core::delivery::DeliveryRequest;
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::lead::PageContext;

/// A future that runs on the page's single thread.
pub type LocalFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// What became of a lead the visitor sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LeadFate {
    /// The destination confirmed it.
    Delivered,
    /// Kept in the browser's outbox, to be sent when the destination answers.
    Queued,
    /// The destination refused it, with its reason when it gave one.
    Refused(Option<String>),
    /// The browser will not keep it and the destination cannot be reached:
    /// the visitor must send it themselves.
    NotKept,
}

/// The page, as the widget's views need it.
pub trait PageEdges {
    /// Sends an analytics event to the host page.
    fn emit(&self, event: WidgetEvent);
    /// Keeps this instance's progress line; `None` forgets it.
    fn save_progress(&self, line: Option<&str>);
    /// Removes a link code from the address bar, so a fresh start stays fresh.
    fn forget_link_code(&self);
    /// Milliseconds since the Unix epoch, by the visitor's clock.
    fn now_ms(&self) -> i64;

    // The screens after the questions share, print, copy, stamp and send a
    // lead. Only the full module draws them, so only its edges
    // (`browser::page_edges`) do these things; the defaults below are for
    // the start module and the full module's off-page rehearsal
    // (`warm_up`). A lead given to the default is `NotKept`: the visitor
    // is asked to send it themselves, so even a forgotten override loses
    // nothing silently.

    /// A link to this page (or the configured share page) carrying `code`.
    fn share_link(&self, _code: &str) -> String {
        String::new()
    }
    /// Opens the browser's print dialogue.
    fn print(&self) {}
    /// Puts text on the clipboard; resolves to whether it worked.
    fn copy_text(&self, _text: String) -> LocalFuture<bool> {
        Box::pin(async { false })
    }
    /// The current time as RFC 3339, by the visitor's clock.
    fn now_rfc3339(&self) -> String {
        String::new()
    }
    /// A fresh lead id (a version 4 UUID).
    fn new_lead_id(&self) -> String {
        String::new()
    }
    /// Where the visitor is and came from, with the captured URL parameters.
    fn page_context(&self) -> PageContext {
        PageContext::default()
    }
    /// Keeps a lead in the outbox and tries to deliver it now.
    fn deliver_lead(&self, _lead_id: String, _request: DeliveryRequest) -> LocalFuture<LeadFate> {
        Box::pin(async { LeadFate::NotKept })
    }

    /// Starts loading what the screens after the questions need, so it is
    /// ready by the last answer. Only the start module has anything to load.
    fn prepare_ending(&self) {}
    /// Hands the visit (as a progress line) to the full module, which takes
    /// the widget's place; `moved` when the visitor's own move got here.
    /// Resolves to false when the full module could not be loaded, so the
    /// visitor can try again. Only the start module hands over.
    fn hand_over(&self, _line: String, _moved: bool) -> LocalFuture<bool> {
        Box::pin(async { false })
    }
}
