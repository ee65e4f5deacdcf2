//! Saving a session as a short line of text and reading it back, so answers
//! survive a reload.
//!
//! The format is `rq1;` followed by `key=value` fields separated by `;`:
//! `b` bank version, `s` step, `p` perspective code, `q` measures code,
//! `a` answers as `id:value` pairs joined by `.`, and `t` the job title with
//! `%`, `;` and control characters percent-escaped. Answers are stored by item
//! id, not by position, and ids are never reused, so progress saved under an
//! older bank is still read correctly when that bank only lacked statements
//! added since. Progress that holds answers to statements the bank no longer
//! asks is refused ([`ProgressError::OtherBank`]): dropping them silently
//! would give a result the visitor did not answer for.
//! Reading never panics; anything malformed is an error the caller reports.

use std::fmt;

use crate::content::Bank;
use crate::session::{MeasuresView, Perspective, Session, Step, MAX_TITLE_CHARS};

const MAGIC: &str = "rq1";

/// Why saved progress could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgressError {
    /// Not a role-quiz progress line, or a format from a later release.
    UnknownFormat,
    /// A field is not of the expected form.
    Malformed(&'static str),
    /// Saved under another version of the questions, with answers to
    /// statements this version no longer asks.
    OtherBank { saved: u32, here: u32 },
}

impl fmt::Display for ProgressError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgressError::UnknownFormat => {
                write!(f, "saved progress is not in a format this version reads")
            }
            ProgressError::Malformed(field) => {
                write!(f, "saved progress has a malformed `{field}` field")
            }
            ProgressError::OtherBank { saved, here } => {
                write!(f, "saved progress answers version {saved} of the questions; this page asks version {here}")
            }
        }
    }
}

impl std::error::Error for ProgressError {}

/// Writes a session as one line.
pub fn encode(bank: &Bank<'_>, session: &Session) -> String {
    // Pushed piece by piece rather than with `format!`, which cost the Wasm
    // start module (where every answer is saved) 0.2 KiB more.
    let mut out = String::with_capacity(96);
    out.push_str(MAGIC);
    out.push_str(";b=");
    out.push_str(&bank.version.to_string());
    out.push_str(";s=");
    push_step_name(&mut out, bank, session.step);
    if let Some(p) = session.perspective {
        out.push_str(";p=");
        out.push(p.code());
    }
    if let Some(m) = session.measures {
        out.push_str(";q=");
        out.push(m.code());
    }
    let mut separator = ";a=";
    for (item, answer) in bank.items.iter().zip(&session.answers) {
        if let Some(answer) = answer {
            out.push_str(separator);
            out.push_str(item.id);
            out.push(':');
            out.push(char::from(b'0' + answer % 10));
            separator = ".";
        }
    }
    if !session.title.is_empty() {
        out.push_str(";t=");
        escape_into(&mut out, &session.title);
    }
    out
}

/// Reads a line written by [`encode`], under the current bank.
pub fn decode(bank: &Bank<'_>, text: &str) -> Result<Session, ProgressError> {
    let mut fields = text.trim().split(';');
    if fields.next() != Some(MAGIC) {
        return Err(ProgressError::UnknownFormat);
    }
    let mut session = Session::new(bank);
    let mut step = None;
    let mut saved_bank = None;
    let mut lost_answers = false;
    for field in fields {
        let (key, value) = field
            .split_once('=')
            .ok_or(ProgressError::Malformed("field"))?;
        match key {
            "b" => {
                saved_bank = Some(
                    value
                        .parse::<u32>()
                        .map_err(|_| ProgressError::Malformed("b"))?,
                )
            }
            "s" => step = Some(value),
            "p" => {
                session.perspective = Some(
                    single_char(value)
                        .and_then(Perspective::from_code)
                        .ok_or(ProgressError::Malformed("p"))?,
                )
            }
            "q" => {
                session.measures = Some(
                    single_char(value)
                        .and_then(MeasuresView::from_code)
                        .ok_or(ProgressError::Malformed("q"))?,
                )
            }
            "a" => {
                for pair in value.split('.').filter(|p| !p.is_empty()) {
                    let (id, answer) = pair.split_once(':').ok_or(ProgressError::Malformed("a"))?;
                    let answer: u8 = answer.parse().map_err(|_| ProgressError::Malformed("a"))?;
                    if !(1..=5).contains(&answer) {
                        return Err(ProgressError::Malformed("a"));
                    }
                    match bank.item_index(id) {
                        Some(n) => session.answers[n] = Some(answer),
                        None => lost_answers = true,
                    }
                }
            }
            "t" => {
                let title = unescape(value).ok_or(ProgressError::Malformed("t"))?;
                session.title = title.chars().take(MAX_TITLE_CHARS * 2).collect();
            }
            // Fields from a later release of the same format are skipped.
            _ => {}
        }
    }
    if lost_answers {
        let saved = saved_bank.unwrap_or(0);
        if saved != bank.version {
            return Err(ProgressError::OtherBank {
                saved,
                here: bank.version,
            });
        }
        return Err(ProgressError::Malformed("a"));
    }
    session.step = match step.map(|s| parse_step(bank, s)) {
        Some(Some(step)) if reachable(&session, step) => step,
        _ => session.first_unanswered(bank),
    };
    if !session.has_progress() {
        session.step = Step::Start;
    }
    Ok(session)
}

fn single_char(value: &str) -> Option<char> {
    let mut chars = value.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

fn push_step_name(out: &mut String, bank: &Bank<'_>, step: Step) {
    match step {
        Step::Start => out.push_str("start"),
        Step::Perspective => out.push_str("perspective"),
        Step::Title => out.push_str("title"),
        Step::Item(n) => {
            out.push_str("item:");
            out.push_str(bank.items.get(n).map_or("", |i| i.id));
        }
        Step::Measures => out.push_str("measures"),
        Step::Result => out.push_str("result"),
    }
}

fn parse_step(bank: &Bank<'_>, name: &str) -> Option<Step> {
    Some(match name {
        "start" => Step::Start,
        "perspective" => Step::Perspective,
        "title" => Step::Title,
        "measures" => Step::Measures,
        "result" => Step::Result,
        other => Step::Item(bank.item_index(other.strip_prefix("item:")?)?),
    })
}

/// A saved step is only restored when the answers before it are there, so a
/// tampered or outdated line cannot show a result without answers.
fn reachable(session: &Session, step: Step) -> bool {
    match step {
        Step::Result => session.is_complete(),
        Step::Measures => {
            session.perspective.is_some() && session.answers.iter().all(Option::is_some)
        }
        Step::Item(n) => {
            session.perspective.is_some() && session.answers[..n].iter().all(Option::is_some)
        }
        Step::Title => session.perspective.is_some(),
        Step::Start | Step::Perspective => true,
    }
}

fn escape_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for c in text.chars() {
        if c == '%' || c == ';' || c.is_control() {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        } else {
            out.push(c);
        }
    }
}

fn unescape(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&b, tail)) = rest.split_first() {
        if b == b'%' {
            let hex = tail.get(..2)?;
            let hex = std::str::from_utf8(hex).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(b);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Item, Keying, Pole, BANK};
    use crate::session::Action;

    fn finished() -> Session {
        let mut s = Session::new(&BANK);
        s.apply(&BANK, Action::Begin);
        s.apply(&BANK, Action::ChoosePerspective(Perspective::Manager));
        s.apply(&BANK, Action::Next);
        s.apply(
            &BANK,
            Action::SetTitle("Head of Sales; EMEA 100% \u{1F600}\n".into()),
        );
        s.apply(&BANK, Action::Next);
        for n in 0..BANK.items.len() {
            s.apply(&BANK, Action::Answer((n % 5) as u8 + 1));
            s.apply(&BANK, Action::Next);
        }
        s.apply(&BANK, Action::ChooseMeasures(MeasuresView::Wrong));
        s.apply(&BANK, Action::Next);
        s
    }

    #[test]
    fn round_trips_a_finished_session() {
        let s = finished();
        let line = encode(&BANK, &s);
        assert!(!line.contains('\n'));
        assert_eq!(
            line.matches(';').count(),
            6,
            "the title's ; is escaped: {line}"
        );
        assert_eq!(decode(&BANK, &line).unwrap(), s);
    }

    /// Lines saved by earlier releases must stay readable, so the format is
    /// pinned here byte for byte.
    #[test]
    fn writes_the_documented_format() {
        let mut s = Session::new(&BANK);
        s.apply(&BANK, Action::Begin);
        s.apply(&BANK, Action::ChoosePerspective(Perspective::Holder));
        s.apply(&BANK, Action::SetTitle("Sales; 100%\té".into()));
        s.apply(&BANK, Action::Next);
        s.apply(&BANK, Action::Next);
        s.apply(&BANK, Action::Answer(4));
        s.apply(&BANK, Action::Next);
        s.apply(&BANK, Action::Answer(2));
        let (first, second) = (BANK.items[0].id, BANK.items[1].id);
        assert_eq!(
            encode(&BANK, &s),
            format!(
                "rq1;b={};s=item:{second};p=h;a={first}:4.{second}:2;t=Sales%3B 100%25%09é",
                BANK.version
            )
        );
        assert_eq!(decode(&BANK, &encode(&BANK, &s)).unwrap(), s);
    }

    #[test]
    fn round_trips_every_step_of_the_way() {
        let mut s = Session::new(&BANK);
        let actions = [
            Action::Begin,
            Action::ChoosePerspective(Perspective::Holder),
            Action::Next,
            Action::Next,
        ];
        for a in actions {
            s.apply(&BANK, a);
            assert_eq!(decode(&BANK, &encode(&BANK, &s)).unwrap(), s);
        }
        for _ in 0..3 {
            s.apply(&BANK, Action::Answer(5));
            s.apply(&BANK, Action::Next);
            assert_eq!(decode(&BANK, &encode(&BANK, &s)).unwrap(), s);
        }
    }

    #[test]
    fn a_fresh_session_decodes_to_the_start() {
        let s = Session::new(&BANK);
        assert_eq!(decode(&BANK, &encode(&BANK, &s)).unwrap().step, Step::Start);
    }

    #[test]
    fn refuses_foreign_and_malformed_lines() {
        assert_eq!(decode(&BANK, ""), Err(ProgressError::UnknownFormat));
        assert_eq!(decode(&BANK, "rq9;b=1"), Err(ProgressError::UnknownFormat));
        assert_eq!(
            decode(&BANK, "{\"json\":1}"),
            Err(ProgressError::UnknownFormat)
        );
        assert_eq!(decode(&BANK, "rq1;b=x"), Err(ProgressError::Malformed("b")));
        assert_eq!(
            decode(&BANK, "rq1;p=zz"),
            Err(ProgressError::Malformed("p"))
        );
        assert_eq!(
            decode(&BANK, "rq1;a=w1:9"),
            Err(ProgressError::Malformed("a"))
        );
        assert_eq!(
            decode(&BANK, "rq1;a=w1"),
            Err(ProgressError::Malformed("a"))
        );
        assert_eq!(
            decode(&BANK, "rq1;t=%Z1"),
            Err(ProgressError::Malformed("t"))
        );
        assert_eq!(decode(&BANK, "rq1;t=%"), Err(ProgressError::Malformed("t")));
        assert_eq!(
            decode(&BANK, "rq1;nofield"),
            Err(ProgressError::Malformed("field"))
        );
        assert!(decode(&BANK, "rq1;p=h;a=w5:3;s=item:w6;future=1").is_ok());
    }

    #[test]
    fn a_tampered_step_falls_back_to_the_first_unanswered_question() {
        let s = decode(&BANK, "rq1;b=2;s=result;p=h;a=w5:3").unwrap();
        assert_eq!(s.step, Step::Item(1));
        let s = decode(&BANK, "rq1;b=2;s=item:nope;p=h").unwrap();
        assert_eq!(s.step, Step::Perspective);
    }

    #[test]
    fn progress_from_an_older_bank_that_only_lacked_new_items_is_read_by_id() {
        let line = encode(&BANK, &finished());
        // A newer bank added n1 and n2 at the end.
        let mut items: Vec<Item> = BANK.items.to_vec();
        items.push(Item {
            id: "n1",
            facet: "work",
            side: Pole::Sales,
            keyed: Keying::More,
            source: "s",
        });
        items.push(Item {
            id: "n2",
            facet: "work",
            side: Pole::Sales,
            keyed: Keying::Less,
            source: "s",
        });
        let newer = Bank {
            version: BANK.version + 1,
            items: &items,
            ..BANK
        };
        let s = decode(&newer, &line).unwrap();
        assert_eq!(s.answers.len(), items.len());
        assert_eq!(s.answers.last(), Some(&None));
        assert_eq!(
            s.step,
            Step::Item(items.len() - 2),
            "the new items are asked before the result"
        );
        let w7 = newer.item_index("w7").unwrap();
        assert_eq!(
            s.answers[w7],
            finished().answers[BANK.item_index("w7").unwrap()]
        );
    }

    /// Answers to statements this bank no longer asks (here: the first
    /// bank's, all retired) are refused with a reason, not dropped silently.
    #[test]
    fn progress_with_answers_to_retired_items_is_refused_as_another_version() {
        let first_bank = "rq1;b=1;s=item:t1;p=h;a=w1:5.w2:4.w3:2.w4:1.t1:3";
        assert_eq!(
            decode(&BANK, first_bank),
            Err(ProgressError::OtherBank {
                saved: 1,
                here: BANK.version
            })
        );
        assert!(ProgressError::OtherBank { saved: 1, here: 2 }
            .to_string()
            .contains("version 1"));
        let same_version_unknown_id = format!("rq1;b={};s=start;a=zz:3", BANK.version);
        assert_eq!(
            decode(&BANK, &same_version_unknown_id),
            Err(ProgressError::Malformed("a"))
        );
    }

    /// Random mutations of a valid line and random text: decoding never
    /// panics, and whatever it accepts is a session the widget can show.
    #[test]
    fn never_panics_and_only_accepts_showable_sessions() {
        let valid = encode(&BANK, &finished()).into_bytes();
        let alphabet = b"rq1;=:.%abhmnpqrstuwy0123456789AFZ-\x00\xc3\xa9";
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        for round in 0..20_000 {
            let mut bytes = if round % 4 == 0 {
                Vec::new()
            } else {
                valid.clone()
            };
            for _ in 0..=next(6) {
                let at = next(bytes.len() + 1);
                let byte = alphabet[next(alphabet.len())];
                match next(4) {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    2 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    _ => bytes.truncate(at),
                }
            }
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(s) = decode(&BANK, &text) {
                assert_eq!(s.answers.len(), BANK.items.len());
                assert!(s.answers.iter().flatten().all(|a| (1..=5).contains(a)));
                if s.step == Step::Result {
                    assert!(s.is_complete(), "{text}");
                }
            }
        }
    }
}
