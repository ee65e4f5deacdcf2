//! The pure core of role-quiz.
//!
//! Everything here is plain Rust with no browser types, so it runs in native
//! tests, in the WebAssembly widget and in the lead collector alike:
//!
//! - [`content`]: the question bank and the texts, compiled in from `content/`;
//! - [`validate`]: the rules a bank and its texts must follow;
//! - [`scoring`]: position, intervals, demand scores and bands;
//! - [`flags`]: observations that never move the position;
//! - [`lead`]: contact details, their rules and the lead payload;
//! - [`delivery`] and [`outbox`]: how leads travel and wait to be retried;
//! - [`events`]: the analytics funnel's events;
//! - [`record`]: an event's detail and a funnel report as named values;
//! - [`link_code`] and [`alignment`]: the holder-versus-manager comparison;
//! - [`session`]: the questionnaire as a state machine;
//! - [`progress`]: saving a session as a short text and reading it back;
//! - [`contact`]: checks for e-mail addresses, phone numbers and links;
//! - [`config`]: the widget's settings, parsed from element attributes;
//! - [`theme`]: colours, fonts and radius a page may set, checked;
//! - [`template`]: filling `{placeholders}` in content texts.

pub mod alignment;
pub mod config;
pub mod contact;
pub mod content;
pub mod delivery;
pub mod drawing;
pub mod events;
pub mod flags;
pub mod funnel;
pub mod lead;
pub mod link_code;
pub mod outbox;
pub mod progress;
pub mod record;
pub mod scoring;
pub mod session;
pub mod template;
pub mod theme;
pub mod validate;

pub use content::{Bank, Pole, Texts, BANK};
