//! The edges between the widget and the page it lives in.

pub mod attributes;
pub mod beacon;
pub mod clipboard;
pub mod delivery;
pub mod events;
pub mod handoff;
pub mod idle;
pub mod outbox;
pub mod page;
pub mod page_edges;
pub mod panic_fallback;
pub mod start_edges;
pub mod storage;
pub mod theme;
pub mod web_lock;
