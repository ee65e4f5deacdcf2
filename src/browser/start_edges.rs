//! The edges of a real page as the start module needs them: events, saved
//! progress and the hand-over (the later screens' edges keep the trait's
//! defaults). It is a type of its own, not
//! [`BrowserEdges`](crate::browser::page_edges::BrowserEdges), because a
//! trait object keeps every method of its type: with the full edges the
//! start module would carry the outbox, lead delivery and a JSON parser
//! that only the lead form uses.

use std::rc::Rc;

use role_quiz_core::events::WidgetEvent;

use crate::browser::handoff::Handoff;
use crate::browser::page;
use crate::browser::page_edges::PageBasics;
use crate::edges::{LocalFuture, PageEdges};

/// One widget's page, until the full module takes over.
pub struct StartEdges {
    pub basics: PageBasics,
    pub handoff: Rc<Handoff>,
}

impl PageEdges for StartEdges {
    fn emit(&self, event: WidgetEvent) {
        self.basics.emit(event);
    }

    fn save_progress(&self, line: Option<&str>) {
        self.basics.save_progress(line);
    }

    fn forget_link_code(&self) {
        page::forget_link_code();
    }

    fn now_ms(&self) -> i64 {
        page::now_ms()
    }

    fn prepare_ending(&self) {
        let _ = self.handoff.prepare();
    }

    fn hand_over(&self, line: String, moved: bool) -> LocalFuture<bool> {
        let handoff = self.handoff.clone();
        Box::pin(async move { handoff.hand_over(Some(line), moved).await })
    }
}
