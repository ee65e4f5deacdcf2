//! Above an invited visitor's start screen: who asked them, about which
//! role. Only the full module draws it (see `ending`), so its texts live in
//! the full texts, not the start module's.

use role_quiz_core::session::Perspective;
use role_quiz_core::template::fill;
use yew::prelude::*;

use crate::shared::use_shared;

#[derive(Properties, PartialEq)]
pub struct InvitationProps {
    /// The role's title as the inviter gave it; empty if they gave none.
    pub title: AttrValue,
    /// Who the inviter is to the role.
    pub from: Perspective,
}

#[function_component]
pub fn Invitation(props: &InvitationProps) -> Html {
    let shared = use_shared();
    let ui = shared.texts().ui;
    let inviter = match props.from {
        Perspective::Holder => ui.inviter_holder,
        Perspective::Manager => ui.inviter_manager,
        Perspective::Hiring => ui.inviter_hiring,
    };
    let text = if props.title.is_empty() {
        fill(ui.invited_text_untitled, &[("inviter", inviter)])
    } else {
        fill(
            ui.invited_text,
            &[("inviter", inviter), ("title", &props.title)],
        )
    };
    html! {
        <div class="rq-invited">
            <h3 class="rq-subtitle">{ ui.invited_title }</h3>
            <p>{ text }</p>
        </div>
    }
}
