//! The outbox in `localStorage`, and flushing it: every due lead is sent,
//! confirmed ones leave, failed ones wait with backoff. Flushing runs at
//! mount (so a lead queued on an earlier visit goes out on the next one),
//! after each submission, when the browser comes back online, and on a timer
//! while the page is open; the Web Lock keeps it to one tab at a time.

use std::cell::{Cell, RefCell};

use gloo_events::EventListener;
use gloo_storage::errors::StorageError;
use gloo_storage::{LocalStorage, Storage as _};
use gloo_timers::callback::Timeout;

use role_quiz_core::delivery::{DeliveryRequest, Outcome};
use role_quiz_core::outbox::Outbox;

use crate::browser::delivery::send;
use crate::browser::page::now_ms;
use crate::browser::web_lock::run_exclusive;
use crate::edges::LeadFate;

use role_quiz_core::outbox::STORAGE_KEY as KEY;
const LOCK: &str = "role-quiz-outbox";

/// Why the outbox cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unavailable;

/// Whether the page may use `localStorage` at all. gloo-storage throws where
/// it is missing, and a page without storage must still work, so this is
/// asked first.
fn storage_available() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .is_some()
}

/// Reads the stored outbox. An unreadable one (or one from a later widget)
/// is set aside under another key, so nothing is silently lost, and an empty
/// one takes its place.
pub fn load() -> Result<Outbox, Unavailable> {
    if !storage_available() {
        return Err(Unavailable);
    }
    let problem = match LocalStorage::get::<Outbox>(KEY) {
        Ok(outbox) if outbox.version == Outbox::VERSION => return Ok(outbox),
        Ok(outbox) => format!(
            "the outbox has version {}, which this widget does not read",
            outbox.version
        ),
        Err(StorageError::KeyNotFound(_)) => return Ok(Outbox::default()),
        Err(StorageError::SerdeError(e)) => format!("the outbox is unreadable: {e}"),
        Err(StorageError::JsError(_)) => return Err(Unavailable),
    };
    web_sys::console::warn_1(
        &format!("role-quiz: {problem}; it was set aside under {KEY}:unreadable").into(),
    );
    let storage = LocalStorage::raw();
    if let Ok(Some(text)) = storage.get_item(KEY) {
        let _ = storage.set_item(&format!("{KEY}:unreadable"), &text);
    }
    Ok(Outbox::default())
}

fn save(outbox: &Outbox) -> Result<(), Unavailable> {
    if !storage_available() {
        return Err(Unavailable);
    }
    if outbox.is_empty() {
        LocalStorage::delete(KEY);
        return Ok(());
    }
    let current = Outbox {
        version: Outbox::VERSION,
        entries: outbox.entries.clone(),
    };
    LocalStorage::set(KEY, &current).map_err(|_| Unavailable)
}

/// Queues a lead; fails when the browser will not store it.
pub fn enqueue(lead_id: &str, request: DeliveryRequest) -> Result<(), Unavailable> {
    let mut outbox = load()?;
    outbox.add(lead_id, request, now_ms());
    save(&outbox)?;
    // Read back: a full or refusing storage must not pass for a kept lead.
    load()?.get(lead_id).map(|_| ()).ok_or(Unavailable)
}

/// Sends every due lead once. Returns the fate of `watched`, if given.
pub async fn flush(watched: Option<String>) -> LeadFate {
    let fate = std::rc::Rc::new(Cell::new(None::<bool>));
    let reason = std::rc::Rc::new(RefCell::new(None::<String>));
    let (fate_in, reason_in, watched_in) = (fate.clone(), reason.clone(), watched.clone());
    run_exclusive(LOCK, async move {
        let Ok(mut outbox) = load() else { return };
        for expired in outbox.expire(now_ms()) {
            web_sys::console::warn_1(
                &format!("role-quiz: queued lead {expired} expired unsent").into(),
            );
        }
        for lead_id in outbox.due(now_ms()) {
            let Some(entry) = outbox.get(&lead_id).cloned() else {
                continue;
            };
            let answer = send(&entry.request).await;
            // Another tab may have changed the outbox meanwhile: apply this
            // result to a fresh copy.
            let Ok(mut fresh) = load() else { return };
            match answer.outcome {
                Outcome::Delivered => fresh.remove(&lead_id),
                Outcome::Refused => {
                    web_sys::console::warn_1(
                        &format!("role-quiz: lead {lead_id} was refused: {:?}", answer.reason)
                            .into(),
                    );
                    fresh.remove(&lead_id)
                }
                Outcome::Retry => fresh.failed(&lead_id, now_ms()),
            }
            let _ = save(&fresh);
            if watched_in.as_deref() == Some(lead_id.as_str()) {
                fate_in.set(Some(answer.outcome == Outcome::Delivered));
                if answer.outcome == Outcome::Refused {
                    *reason_in.borrow_mut() = answer.reason.or(Some(String::new()));
                }
            }
            outbox = fresh;
        }
    })
    .await;
    schedule_next();
    let reason = reason.borrow().clone();
    match (fate.get(), reason) {
        (Some(true), _) => LeadFate::Delivered,
        (Some(false), Some(r)) => LeadFate::Refused((!r.is_empty()).then_some(r)),
        _ => LeadFate::Queued,
    }
}

/// Whether leads from an earlier visit wait in this browser's outbox. A
/// look at the key alone: the start module asks it, and must not carry the
/// outbox's reading.
pub fn has_waiting_leads() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .is_some_and(|v| !v.is_empty())
}

/// Flushes in the background (at mount, or when the browser is back online).
pub fn flush_in_background() {
    wasm_bindgen_futures::spawn_local(async {
        let _ = flush(None).await;
    });
}

thread_local! {
    /// The pending retry timer (dropping it cancels it), so flushes do not
    /// pile up timers.
    static TIMER: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    /// Flushes when the browser comes back online; set once per page.
    static ONLINE: RefCell<Option<EventListener>> = const { RefCell::new(None) };
}

/// Sets one timer for the next due lead while the page is open, and flushes
/// when the browser comes back online.
fn schedule_next() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let next = load().ok().and_then(|o| o.next_due()).map(|due| {
        let wait = (due - now_ms()).clamp(100, 600_000) as u32;
        Timeout::new(wait, || {
            TIMER.with(|t| t.borrow_mut().take().map(Timeout::forget));
            flush_in_background();
        })
    });
    TIMER.with(|t| *t.borrow_mut() = next);
    ONLINE.with(|online| {
        online.borrow_mut().get_or_insert_with(|| {
            EventListener::new(&window, "online", |_| flush_in_background())
        });
    });
}
