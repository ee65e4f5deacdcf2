//! A one-line notice about storage, above the current screen.
//!
//! A plain function of the root's state rather than a component of its
//! own: it has no state or hooks, and each Yew component costs the start
//! module about 0.4 KiB (README, "Benchmark").

use role_quiz_core::content::StartUi;
use yew::prelude::*;

use crate::state::Notice;

/// The notice's line, or nothing.
pub fn notice_bar(notice: Option<Notice>, ui: &StartUi) -> Html {
    let text = match notice {
        None => return html! {},
        Some(Notice::StorageUnavailable) => ui.storage_unavailable_note,
        Some(Notice::ProgressUnreadable) => ui.saved_progress_unreadable,
        Some(Notice::ProgressOtherVersion) => ui.saved_progress_other_version,
    };
    html! { <p class="rq-notice" role="status">{ text }</p> }
}
