//! A one-line notice about storage, above the current screen.

use yew::prelude::*;

use crate::shared::use_shared;
use crate::state::Notice;

#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    pub notice: Option<Notice>,
}

#[function_component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    let shared = use_shared();
    let ui = shared.start.ui;
    let text = match props.notice {
        None => return html! {},
        Some(Notice::StorageUnavailable) => ui.storage_unavailable_note,
        Some(Notice::ProgressUnreadable) => ui.saved_progress_unreadable,
        Some(Notice::ProgressOtherVersion) => ui.saved_progress_other_version,
    };
    html! { <p class="rq-notice" role="status">{ text }</p> }
}
