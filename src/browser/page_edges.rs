//! The edges of a real page: [`crate::edges::PageEdges`] for one mounted
//! widget, from the browser modules beside this one.

use std::cell::Cell;
use std::rc::Rc;

use role_quiz_core::config::WidgetConfig;
use role_quiz_core::delivery::{DeliveryRequest, Outcome};
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::lead::PageContext;

use crate::browser::{
    beacon::Beacon, clipboard, delivery, events::EventSink, outbox, page, storage::ProgressStore,
};
use crate::edges::{LeadFate, LocalFuture, PageEdges};

/// What the edges of both modules hold: the host page's events, the funnel
/// reports and the saved progress.
pub struct PageBasics {
    pub events: EventSink,
    /// Anonymous funnel reports to the collector.
    pub beacon: Beacon,
    pub progress: ProgressStore,
}

impl PageBasics {
    /// Sends an event to the host page and, if it is a funnel step, to the
    /// collector.
    pub fn emit(&self, event: WidgetEvent) {
        self.events.emit(&event);
        self.beacon.report(&event);
    }

    /// Keeps this instance's progress line; `None` forgets it.
    pub fn save_progress(&self, line: Option<&str>) {
        match line {
            Some(line) => {
                self.progress.save(line);
            }
            None => self.progress.clear(),
        }
    }
}

/// One widget's page, in the full module.
pub struct BrowserEdges {
    pub basics: PageBasics,
    /// The page invitation and comparison links point at, instead of this one.
    pub share_url: Option<String>,
    /// URL parameters kept with a lead.
    pub capture: Vec<String>,
    /// While set, no event is sent and nothing saved: the widget is a
    /// result drawn ahead, not shown yet (see `prepared`).
    pub held: Rc<Cell<bool>>,
}

impl BrowserEdges {
    /// The full module's edges for a widget with `config`, not held.
    pub fn new(basics: PageBasics, config: &WidgetConfig) -> BrowserEdges {
        BrowserEdges {
            basics,
            share_url: config.share_url.clone(),
            capture: config.capture.clone(),
            held: Rc::default(),
        }
    }
}

impl PageEdges for BrowserEdges {
    fn emit(&self, event: WidgetEvent) {
        if !self.held.get() {
            self.basics.emit(event);
        }
    }

    fn save_progress(&self, line: Option<&str>) {
        if !self.held.get() {
            self.basics.save_progress(line);
        }
    }

    fn forget_link_code(&self) {
        page::forget_link_code();
    }

    fn share_link(&self, code: &str) -> String {
        page::link_with_code(self.share_url.as_deref(), code)
    }

    fn print(&self) {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    }

    fn copy_text(&self, text: String) -> LocalFuture<bool> {
        Box::pin(async move { clipboard::write_text(&text).await })
    }

    fn now_ms(&self) -> i64 {
        page::now_ms()
    }

    fn now_rfc3339(&self) -> String {
        page::now_rfc3339()
    }

    fn new_lead_id(&self) -> String {
        page::new_uuid()
    }

    fn page_context(&self) -> PageContext {
        page::page_context(&self.capture)
    }

    /// The lead goes into the outbox before the first attempt, so a network
    /// failure never loses it; a browser that will not keep it gets one
    /// direct attempt.
    fn deliver_lead(&self, lead_id: String, request: DeliveryRequest) -> LocalFuture<LeadFate> {
        Box::pin(async move {
            if outbox::enqueue(&lead_id, request.clone()).is_ok() {
                return outbox::flush(Some(lead_id)).await;
            }
            let answer = delivery::send(&request).await;
            match answer.outcome {
                Outcome::Delivered => LeadFate::Delivered,
                Outcome::Refused => LeadFate::Refused(answer.reason),
                Outcome::Retry => LeadFate::NotKept,
            }
        })
    }
}
