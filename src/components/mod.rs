//! The screens of the widget and their parts. Each is a thin view: it reads
//! texts from the shared context and sends core actions up.

pub mod call_to_action;
pub mod choice_group;
pub mod comparison;
pub mod drawing;
pub mod form_field;
pub mod handover;
pub mod invitation;
pub mod lead_form;
pub mod link_screens;
pub mod notice_bar;
pub mod question_screen;
pub mod result;
pub mod share_link;
pub mod start_screen;
pub mod step_frame;
