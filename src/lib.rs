//! The role-quiz widget: a Yew view over `role-quiz-core`.
//!
//! - [`mount`] puts one widget into an element of the page;
//! - `app` and `state` hold the root component and its one reducer;
//! - `components` are the screens and their parts, each a thin view;
//! - `browser` holds the edges to the page: attributes, storage, the panic
//!   fallback.

mod app;
mod browser;
mod components;
mod shared;
mod state;

pub use browser::mount::{mount, WidgetHandle};
