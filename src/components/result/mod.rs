//! The result: where the role sits, how sure that is, what it demands, what
//! to look at, what it means, and the call to action.

mod advice;
mod demand_map;
mod facet_bars;
mod flag_list;
mod spectrum;

use std::rc::Rc;

use role_quiz_core::content::{Bank, TitleKeywords, UiText};
use role_quiz_core::events::WidgetEvent;
use role_quiz_core::flags::{flags, Flag};
use role_quiz_core::lead::ResultSummary;
use role_quiz_core::link_code::{encode, LinkContent};
use role_quiz_core::scoring::{stated_percent, ResponseStyle, Score};
use role_quiz_core::session::Perspective;
use role_quiz_core::session::{Action, Respondent, Session};
use role_quiz_core::template::{fill, points};
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::call_to_action::CallToAction;
use crate::components::comparison::{finding_text, Compared, ComparisonView};
use crate::components::share_link::ShareLink;
use crate::link::Link;
use crate::shared::use_shared;
use advice::Advice;
use demand_map::DemandMap;
use facet_bars::FacetBars;
use flag_list::FlagList;
use spectrum::Spectrum;

#[derive(Properties, PartialEq)]
pub struct ResultScreenProps {
    pub session: Session,
    pub moves: u32,
    pub link: Link,
    pub on_action: Callback<Action>,
}

#[function_component]
pub fn ResultScreen(props: &ResultScreenProps) -> Html {
    let shared = use_shared();
    let (bank, texts) = (shared.bank, shared.texts());
    let ui = texts.ui;
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with(props.moves, move |moves| {
            if *moves > 0 {
                if let Some(h) = heading.cast::<HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
    let restart = props.on_action.reform(|_: MouseEvent| Action::Restart);
    let print = {
        let edges = shared.edges.clone();
        Callback::from(move |_: MouseEvent| edges.print())
    };

    let outcome = use_memo(
        (props.session.clone(), props.link.clone()),
        |(session, link)| Outcome::of(bank, &texts.title_keywords, session, link),
    );
    let Some(outcome) = outcome.as_ref() else {
        return html! {
            <div class="rq-screen">
                <button type="button" class="rq-button rq-primary" onclick={restart}>{ ui.restart_button }</button>
            </div>
        };
    };
    let score = &outcome.score;
    let band = texts.band(score.band.id);
    let band_name = band.map_or(score.band.id, |b| b.name);
    let neighbour = score
        .neighbour
        .map(|n| (n, texts.band(n.band.id).map_or(n.band.id, |b| b.name)));
    let chance = stated_percent(score.band_chance).to_string();
    let odds = match neighbour {
        Some((n, name)) => fill(
            ui.band_likelihood_neighbour,
            &[
                ("chance", &chance),
                ("neighbour", name),
                ("neighbour_chance", &stated_percent(n.chance).to_string()),
            ],
        ),
        None => fill(ui.band_likelihood, &[("chance", &chance)]),
    };
    // On the line between two bands the advice speaks to both.
    let advice = match (
        neighbour.and_then(|(n, _)| texts.borderline(score.band.id, n.band.id)),
        band,
    ) {
        (Some(both), _) => {
            let name = neighbour.map_or("", |(_, name)| name);
            let note = fill(
                ui.advice_borderline_note,
                &[("band", band_name), ("neighbour", name)],
            );
            html! { <Advice note={Some(AttrValue::from(note))} hiring={both.hiring} managing={both.managing} measuring={both.measuring} /> }
        }
        (None, Some(band)) => {
            html! { <Advice hiring={band.hiring} managing={band.managing} measuring={band.measuring} /> }
        }
        (None, None) => html! {},
    };
    let response_style = score.response_style.map(|style| {
        let text = match style {
            ResponseStyle::Agreeing => texts.response_style.agreeing,
            ResponseStyle::Disagreeing => texts.response_style.disagreeing,
        };
        html! {
            <section class="rq-section rq-response-style" data-style={style.id()}>
                <h3 class="rq-subtitle">{ texts.response_style.title }</h3>
                <p>{ text }</p>
            </section>
        }
    });
    let overall = score.overall;
    let numbers = [
        ("position", points(overall.position)),
        ("low", points(overall.low)),
        ("high", points(overall.high)),
    ];
    let numbers: Vec<(&str, &str)> = numbers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let title = props.session.title();
    let me = &outcome.me;

    // Invited: the comparison with the inviter comes first, with a link back.
    // Otherwise: an invitation for the other side of the role.
    let (comparison, finding, share) = match &props.link {
        Link::Invited { title: role, first } => {
            let finding = outcome.compared.as_ref().map(|c| {
                (
                    AttrValue::from(finding_text(ui, &c.comparison)),
                    Some(c.summary.clone()),
                )
            });
            let code = encode(
                bank,
                &LinkContent::Comparison {
                    title: role.clone(),
                    first: (**first).clone(),
                    second: me.clone(),
                },
            );
            let link = shared.edges.share_link(&code);
            let other = other_name(ui, first.perspective);
            let share = html! {
                <ShareLink
                    name="back"
                    title={ui.comparison_send_back_title}
                    text={fill(ui.comparison_send_back_text, &[("other", other)])}
                    link={link.clone()}
                    mail_subject={ui.compare_mail_subject}
                    mail_body={fill(ui.compare_mail_body, &[("title", role), ("link", &link)])}
                />
            };
            let view = outcome.compared.as_ref().map(|c| {
                html! { <ComparisonView comparison={c.comparison.clone()} first={first.perspective} second={me.perspective} /> }
            });
            (html! { { for view } }, finding, share)
        }
        _ => {
            let code = encode(
                bank,
                &LinkContent::Invitation {
                    title: title.to_string(),
                    first: me.clone(),
                },
            );
            let link = shared.edges.share_link(&code);
            let other = other_name(ui, me.perspective.counterpart());
            let share = html! {
                <CompareInvite
                    button={invite_button(ui, me.perspective)}
                    text={fill(ui.compare_text, &[("other", other)])}
                    link={link.clone()}
                    mail_body={fill(ui.compare_mail_body, &[("title", title), ("link", &link)])}
                />
            };
            (html! {}, None, share)
        }
    };
    let (cta_text, lead_comparison) = match finding {
        Some((text, c)) => (Some(text), c),
        None => (None, None),
    };

    html! {
        <div class="rq-screen rq-result">
            <h2 class="rq-title" tabindex="-1" ref={heading}>{ ui.result_title }</h2>
            if !title.is_empty() {
                <p class="rq-note">{ fill(ui.result_for_title, &[("title", title)]) }</p>
            }
            { comparison }
            <p class="rq-band-name">{ band_name }</p>
            <p class="rq-band-odds">{ odds }</p>
            <Spectrum estimate={overall} band_name={band_name} />
            <p class="rq-position">{ fill(ui.position_sentence, &numbers) }</p>
            <p class="rq-note">{ fill(ui.interval_sentence, &numbers) }</p>
            if let Some(band) = band {
                <p class="rq-lead">{ band.summary }</p>
            }
            { for response_style }
            <DemandMap
                marketing={score.marketing_demand.level}
                sales={score.sales_demand.level}
                profile={score.demand_profile}
            />
            <FacetBars facets={score.facets.iter().map(|f| (f.facet, f.estimate)).collect::<Vec<_>>()} />
            <FlagList flags={outcome.flags.clone()} />
            { advice }
            <CallToAction summary={outcome.summary.clone()} text={cta_text} comparison={lead_comparison} />
            <div class="rq-no-print">{ share }</div>
            <div class="rq-actions rq-no-print">
                <button type="button" class="rq-button rq-secondary" onclick={print}>{ ui.print_button }</button>
                <button type="button" class="rq-button rq-secondary" onclick={restart}>{ ui.restart_button }</button>
            </div>
        </div>
    }
}

/// What the result shows, computed once for each session and link.
#[derive(PartialEq)]
struct Outcome {
    score: Score<'static>,
    flags: Vec<Flag>,
    /// The result a lead carries.
    summary: Rc<ResultSummary>,
    me: Respondent,
    /// For an invited visitor: the comparison with the inviter.
    compared: Option<Compared>,
}

impl Outcome {
    fn of(
        bank: &'static Bank<'static>,
        keywords: &TitleKeywords<'_>,
        session: &Session,
        link: &Link,
    ) -> Option<Outcome> {
        let score = session.score(bank)?;
        let flags = flags(bank, keywords, session.title(), session.measures, &score);
        let me = session.respondent();
        let summary = Rc::new(ResultSummary::new(
            bank,
            &me,
            session.title(),
            &score,
            &flags,
        ));
        let compared = match link {
            Link::Invited { first, .. } => Compared::of(bank, first, &me),
            _ => None,
        };
        Some(Outcome {
            score,
            flags,
            summary,
            me,
            compared,
        })
    }
}

/// How the other side is named in invitations.
fn other_name(ui: &UiText, p: Perspective) -> &'static str {
    match p {
        Perspective::Holder => ui.compare_other_holder,
        Perspective::Manager => ui.compare_other_manager,
        Perspective::Hiring => ui.compare_other_hiring,
    }
}

fn invite_button(ui: &UiText, me: Perspective) -> &'static str {
    match me {
        Perspective::Holder => ui.compare_button_holder,
        Perspective::Manager => ui.compare_button_manager,
        Perspective::Hiring => ui.compare_button_hiring,
    }
}

#[derive(Properties, PartialEq)]
struct CompareInviteProps {
    button: AttrValue,
    text: AttrValue,
    link: AttrValue,
    mail_body: AttrValue,
}

/// The secondary action "compare with …": reveals the invitation link.
#[function_component]
fn CompareInvite(props: &CompareInviteProps) -> Html {
    let shared = use_shared();
    let ui = shared.texts().ui;
    let open = use_state(|| false);
    let show = {
        let (open, edges) = (open.clone(), shared.edges.clone());
        Callback::from(move |_: MouseEvent| {
            open.set(true);
            edges.emit(WidgetEvent::CompareInvite {});
        })
    };
    html! {
        <section class="rq-section">
            if *open {
                <ShareLink
                    name="invite"
                    title={ui.compare_title}
                    text={props.text.clone()}
                    link={props.link.clone()}
                    mail_subject={ui.compare_mail_subject}
                    mail_body={props.mail_body.clone()}
                />
            } else {
                <button type="button" class="rq-button rq-secondary" onclick={show} aria-expanded="false">{ props.button.clone() }</button>
            }
        </section>
    }
}
