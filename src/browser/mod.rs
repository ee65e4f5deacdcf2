//! The edges between the widget and the page it lives in.

pub mod attributes;
pub mod mount;
pub mod panic_fallback;
pub mod storage;
