//! Link codes: one respondent's answers (an invitation, or a result sent to
//! the respondent by e-mail) or two respondents' answers (a comparison), packed into a short, URL-safe, checksummed code
//! for the fragment of a link (`#rq=…`), so the answers never reach a
//! server log.
//!
//! Layout, before base64url (no padding):
//!
//! | bytes | meaning |
//! | --- | --- |
//! | 1 | format version (1) |
//! | 2 | bank version, big-endian |
//! | 1 | kind: 1 invitation, 2 comparison, 3 a result to look at again |
//! | per respondent: 1 | perspective (bits 0–1) and measures view (bits 2–4, 0 for none) |
//! | per respondent: ⌈3n/8⌉ | the n answers in bank order, 3 bits each (0 unanswered) |
//! | 1 + len | the role title, UTF-8, at most 120 characters |
//! | 4 | CRC-32 of everything before it |
//!
//! The checksum catches corrupted or truncated links, not deliberate
//! forgery: anyone can compute a CRC. A code holds no contact details.

use std::fmt;

use crate::content::Bank;
use crate::session::{MeasuresView, Perspective, Respondent, MAX_TITLE_CHARS};

/// The format version this code writes and reads.
pub const FORMAT_VERSION: u8 = 1;

/// Codes longer than this are refused before decoding.
pub const MAX_CODE_LEN: usize = 512;

/// What a link carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkContent {
    /// The first person's answers: the second answers and compares.
    Invitation { title: String, first: Respondent },
    /// One person's answers, to show their result again (the link in the
    /// result e-mail).
    Result { title: String, first: Respondent },
    /// Both people's answers: the same comparison for either of them.
    Comparison {
        title: String,
        first: Respondent,
        second: Respondent,
    },
}

/// Why a code cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeError {
    Empty,
    TooLong(usize),
    /// Not base64url.
    NotACode,
    /// Shorter than its contents say: the link was cut off.
    Truncated,
    /// The checksum does not match: the link was changed or damaged.
    Corrupted,
    UnknownFormat(u8),
    /// Made with another version of the questions than this page has.
    OtherBank {
        code: u16,
        here: u32,
    },
    Invalid(&'static str),
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodeError::Empty => write!(f, "the link has no code"),
            CodeError::TooLong(n) => write!(
                f,
                "the code is {n} characters long, more than any real code"
            ),
            CodeError::NotACode => write!(f, "the code contains characters a real code never has"),
            CodeError::Truncated => {
                write!(f, "the code is incomplete; the link was probably cut off")
            }
            CodeError::Corrupted => write!(
                f,
                "the code does not check out; the link was changed or damaged"
            ),
            CodeError::UnknownFormat(v) => {
                write!(f, "the code has format {v}, which this page cannot read")
            }
            CodeError::OtherBank { code, here } => {
                write!(f, "the code was made with version {code} of the questions; this page asks version {here}")
            }
            CodeError::Invalid(what) => write!(f, "the code holds an impossible {what}"),
        }
    }
}

impl std::error::Error for CodeError {}

/// What a visitor is told about a link that cannot be used: the few cases
/// that call for different words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkFault {
    Unreadable,
    TooLong,
    Truncated,
    Corrupted,
    OtherVersion,
}

impl CodeError {
    /// Which words fit this error.
    pub fn fault(&self) -> LinkFault {
        match self {
            CodeError::Empty
            | CodeError::NotACode
            | CodeError::Invalid(_)
            | CodeError::UnknownFormat(_) => LinkFault::Unreadable,
            CodeError::TooLong(_) => LinkFault::TooLong,
            CodeError::Truncated => LinkFault::Truncated,
            CodeError::Corrupted => LinkFault::Corrupted,
            CodeError::OtherBank { .. } => LinkFault::OtherVersion,
        }
    }
}

/// Writes a link code.
pub fn encode(bank: &Bank<'_>, content: &LinkContent) -> String {
    let mut out = vec![FORMAT_VERSION];
    out.extend_from_slice(&(bank.version as u16).to_be_bytes());
    let (kind, title, people): (u8, &str, Vec<&Respondent>) = match content {
        LinkContent::Invitation { title, first } => (1, title, vec![first]),
        LinkContent::Result { title, first } => (3, title, vec![first]),
        LinkContent::Comparison {
            title,
            first,
            second,
        } => (2, title, vec![first, second]),
    };
    out.push(kind);
    for person in people {
        out.push(perspective_bits(person.perspective) | (measures_bits(person.measures) << 2));
        out.extend(pack_answers(&person.answers, bank.items.len()));
    }
    let title: String = title
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_TITLE_CHARS)
        .collect();
    let mut title_bytes = title.into_bytes();
    title_bytes.truncate(255);
    // Never cut a character in half.
    while std::str::from_utf8(&title_bytes).is_err() {
        title_bytes.pop();
    }
    out.push(title_bytes.len() as u8);
    out.extend(title_bytes);
    out.extend_from_slice(&crc32(&out).to_be_bytes());
    base64url(&out)
}

/// Reads a link code. Never panics, whatever the input.
pub fn decode(bank: &Bank<'_>, code: &str) -> Result<LinkContent, CodeError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(CodeError::Empty);
    }
    if code.len() > MAX_CODE_LEN {
        return Err(CodeError::TooLong(code.len()));
    }
    let bytes = unbase64url(code).ok_or(CodeError::NotACode)?;
    if bytes.len() < 9 {
        return Err(CodeError::Truncated);
    }
    let (body, sum) = bytes.split_at(bytes.len() - 4);
    if crc32(body).to_be_bytes() != sum {
        // A cut-off code also fails its checksum; say which it most likely is.
        return Err(
            if expected_len(bank, body).is_some_and(|n| n > body.len()) {
                CodeError::Truncated
            } else {
                CodeError::Corrupted
            },
        );
    }
    let mut r = Reader { bytes: body, at: 0 };
    let version = r.byte()?;
    if version != FORMAT_VERSION {
        return Err(CodeError::UnknownFormat(version));
    }
    let bank_version = u16::from_be_bytes([r.byte()?, r.byte()?]);
    if u32::from(bank_version) != bank.version {
        return Err(CodeError::OtherBank {
            code: bank_version,
            here: bank.version,
        });
    }
    let kind = r.byte()?;
    let people = match kind {
        1 | 3 => 1,
        2 => 2,
        _ => return Err(CodeError::Invalid("kind")),
    };
    let mut respondents = Vec::new();
    for _ in 0..people {
        let bits = r.byte()?;
        let perspective = perspective_from(bits & 0b11).ok_or(CodeError::Invalid("perspective"))?;
        let measures =
            measures_from((bits >> 2) & 0b111).ok_or(CodeError::Invalid("measures answer"))?;
        if bits >> 5 != 0 {
            return Err(CodeError::Invalid("header"));
        }
        let packed = r.take(packed_len(bank.items.len()))?;
        let answers =
            unpack_answers(packed, bank.items.len()).ok_or(CodeError::Invalid("answer"))?;
        respondents.push(Respondent {
            perspective,
            measures,
            answers,
        });
    }
    let title_len = usize::from(r.byte()?);
    let title = std::str::from_utf8(r.take(title_len)?)
        .map_err(|_| CodeError::Invalid("title"))?
        .to_string();
    if title.chars().count() > MAX_TITLE_CHARS || title.chars().any(char::is_control) {
        return Err(CodeError::Invalid("title"));
    }
    if r.at != body.len() {
        return Err(CodeError::Invalid("length"));
    }
    let mut people = respondents.into_iter();
    let first = people.next().ok_or(CodeError::Invalid("kind"))?;
    Ok(match people.next() {
        None if kind == 3 => LinkContent::Result { title, first },
        None => LinkContent::Invitation { title, first },
        Some(second) => LinkContent::Comparison {
            title,
            first,
            second,
        },
    })
}

/// The length a well-formed body would have, from its header and title
/// length, when those bytes are there.
fn expected_len(bank: &Bank<'_>, body: &[u8]) -> Option<usize> {
    let people = match body.get(3)? {
        1 | 3 => 1,
        2 => 2,
        _ => return None,
    };
    let title_at = 4 + people * (1 + packed_len(bank.items.len()));
    // Cut before the title's length byte: at least that much was expected.
    Some(title_at + 1 + body.get(title_at).map_or(0, |n| usize::from(*n)))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn byte(&mut self) -> Result<u8, CodeError> {
        let b = *self.bytes.get(self.at).ok_or(CodeError::Truncated)?;
        self.at += 1;
        Ok(b)
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], CodeError> {
        let end = self.at.checked_add(n).ok_or(CodeError::Truncated)?;
        let slice = self.bytes.get(self.at..end).ok_or(CodeError::Truncated)?;
        self.at = end;
        Ok(slice)
    }
}

fn perspective_bits(p: Perspective) -> u8 {
    match p {
        Perspective::Holder => 0,
        Perspective::Manager => 1,
        Perspective::Hiring => 2,
    }
}

fn perspective_from(bits: u8) -> Option<Perspective> {
    Perspective::ALL.get(usize::from(bits)).copied()
}

fn measures_bits(m: Option<MeasuresView>) -> u8 {
    m.and_then(|m| MeasuresView::ALL.iter().position(|x| *x == m))
        .map_or(0, |n| n as u8 + 1)
}

fn measures_from(bits: u8) -> Option<Option<MeasuresView>> {
    match bits {
        0 => Some(None),
        n => MeasuresView::ALL.get(usize::from(n) - 1).map(|m| Some(*m)),
    }
}

fn packed_len(items: usize) -> usize {
    (items * 3).div_ceil(8)
}

fn pack_answers(answers: &[Option<u8>], items: usize) -> Vec<u8> {
    let mut out = vec![0u8; packed_len(items)];
    for n in 0..items {
        let value = answers
            .get(n)
            .copied()
            .flatten()
            .filter(|a| (1..=5).contains(a))
            .unwrap_or(0);
        for bit in 0..3 {
            if value >> bit & 1 == 1 {
                let at = n * 3 + bit;
                out[at / 8] |= 1 << (at % 8);
            }
        }
    }
    out
}

fn unpack_answers(packed: &[u8], items: usize) -> Option<Vec<Option<u8>>> {
    let mut answers = Vec::with_capacity(items);
    for n in 0..items {
        let mut value = 0u8;
        for bit in 0..3 {
            let at = n * 3 + bit;
            value |= (packed[at / 8] >> (at % 8) & 1) << bit;
        }
        answers.push(match value {
            0 => None,
            1..=5 => Some(value),
            _ => return None,
        });
    }
    // The padding bits after the last answer must be zero.
    let used = items * 3;
    if !used.is_multiple_of(8) && packed.last().is_some_and(|last| last >> (used % 8) != 0) {
        return None;
    }
    Some(answers)
}

/// CRC-32 (IEEE), bit by bit. Written out rather than taken from
/// `crc32fast`: that crate's 16 KiB lookup table does not compress and would
/// cost more in the WebAssembly than these few lines, and a code is checked
/// once, so speed does not matter.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// URL-safe base64 without padding. Written out rather than taken from the
/// `base64` crate: measured with `make bench`, the crate added 2.0 KiB brotli
/// to the WebAssembly (174.5 to 176.5 KiB) for the same thirty lines, against
/// a start-screen budget of 80 KiB. Round trips and arbitrary input are
/// tested below and in `tests/link_code_props.rs`.
fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 4 / 3 + 3);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes base64url. A dangling last character (a cut-off code) is
/// dropped, so the checksum, not the alphabet, reports the damage.
fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let values: Vec<u32> = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|a| *a == c).map(|p| p as u32))
        .collect::<Option<_>>()?;
    let usable = if values.len() % 4 == 1 {
        &values[..values.len() - 1]
    } else {
        &values[..]
    };
    let mut out = Vec::with_capacity(usable.len() * 3 / 4);
    for chunk in usable.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, v)| acc | v << (18 - 6 * i));
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::BANK;

    fn person(
        perspective: Perspective,
        measures: Option<MeasuresView>,
        answers: Vec<Option<u8>>,
    ) -> Respondent {
        Respondent {
            perspective,
            measures,
            answers,
        }
    }

    fn pattern(seed: usize) -> Vec<Option<u8>> {
        (0..BANK.items.len())
            .map(|n| match (seed + n * 7) % 6 {
                0 => None,
                v => Some(v as u8),
            })
            .collect()
    }

    #[test]
    fn invitations_and_comparisons_round_trip() {
        let invite = LinkContent::Invitation {
            title: "Head of Growth – EMEA ✓".into(),
            first: person(Perspective::Holder, Some(MeasuresView::Wrong), pattern(1)),
        };
        let code = encode(&BANK, &invite);
        assert!(
            code.bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'),
            "{code}"
        );
        assert_eq!(decode(&BANK, &code), Ok(invite));
        let compare = LinkContent::Comparison {
            title: String::new(),
            first: person(Perspective::Manager, None, pattern(2)),
            second: person(Perspective::Hiring, Some(MeasuresView::Unsure), pattern(3)),
        };
        assert_eq!(decode(&BANK, &encode(&BANK, &compare)), Ok(compare));
        let every: Vec<Option<u8>> = (0..BANK.items.len())
            .map(|n| Some(1 + (n % 5) as u8))
            .collect();
        let result = LinkContent::Result {
            title: "Account Executive".into(),
            first: person(
                Perspective::Hiring,
                Some(MeasuresView::Right),
                every.clone(),
            ),
        };
        let code = encode(&BANK, &result);
        assert_eq!(decode(&BANK, &code), Ok(result));
        assert_ne!(
            code,
            encode(
                &BANK,
                &LinkContent::Invitation {
                    title: "Account Executive".into(),
                    first: person(Perspective::Hiring, Some(MeasuresView::Right), every),
                }
            ),
            "a result link is not an invitation"
        );
        let LinkContent::Result { title, first } = decode(&BANK, &code).unwrap() else {
            unreachable!()
        };
        let session = crate::session::Session::from_result(&BANK, &title, &first)
            .expect("complete answers make a finished session");
        assert_eq!(session.step, crate::session::Step::Result);
        assert!(session.score(&BANK).is_some());
    }

    /// Every item at every value, with every perspective and measures answer.
    #[test]
    fn round_trips_every_value_of_every_item() {
        for item in 0..BANK.items.len() {
            for value in 0..=5u8 {
                for (p, m) in Perspective::ALL.iter().zip([
                    None,
                    Some(MeasuresView::Right),
                    Some(MeasuresView::Partly),
                ]) {
                    let mut answers = pattern(item);
                    answers[item] = (value > 0).then_some(value);
                    let content = LinkContent::Invitation {
                        title: "T".into(),
                        first: person(*p, m, answers),
                    };
                    assert_eq!(decode(&BANK, &encode(&BANK, &content)), Ok(content));
                }
            }
        }
    }

    #[test]
    fn codes_are_short() {
        let invite = LinkContent::Invitation {
            title: "Marketing Manager".into(),
            first: person(
                Perspective::Holder,
                Some(MeasuresView::Partly),
                vec![Some(5); BANK.items.len()],
            ),
        };
        assert!(
            encode(&BANK, &invite).len() <= 48,
            "{}",
            encode(&BANK, &invite).len()
        );
    }

    #[test]
    fn refuses_damaged_codes_with_the_likely_reason() {
        let code = encode(
            &BANK,
            &LinkContent::Invitation {
                title: "Sales lead".into(),
                first: person(Perspective::Holder, None, pattern(4)),
            },
        );
        assert_eq!(
            decode(&BANK, &code[..code.len() - 6]),
            Err(CodeError::Truncated)
        );
        assert_eq!(decode(&BANK, &code[..5]), Err(CodeError::Truncated));
        assert_eq!(
            decode(&BANK, &code[..20]),
            Err(CodeError::Truncated),
            "cut inside the answers"
        );
        let mut altered = code.clone().into_bytes();
        altered[10] = if altered[10] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            decode(&BANK, std::str::from_utf8(&altered).unwrap()),
            Err(CodeError::Corrupted)
        );
        assert_eq!(decode(&BANK, "not a code!"), Err(CodeError::NotACode));
        assert_eq!(decode(&BANK, ""), Err(CodeError::Empty));
        assert_eq!(
            decode(&BANK, &"A".repeat(MAX_CODE_LEN + 1)),
            Err(CodeError::TooLong(MAX_CODE_LEN + 1))
        );
    }

    #[test]
    fn a_code_from_another_bank_version_is_refused_clearly() {
        let newer = Bank {
            version: BANK.version + 1,
            ..BANK
        };
        let code = encode(
            &newer,
            &LinkContent::Invitation {
                title: "x".into(),
                first: person(Perspective::Holder, None, pattern(0)),
            },
        );
        let err = decode(&BANK, &code).unwrap_err();
        assert_eq!(
            err,
            CodeError::OtherBank {
                code: (BANK.version + 1) as u16,
                here: BANK.version
            }
        );
        assert!(err
            .to_string()
            .contains(&format!("version {} of the questions", BANK.version + 1)));
        assert_eq!(err.fault(), LinkFault::OtherVersion);
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn base64url_round_trips() {
        for len in 0..20 {
            let bytes: Vec<u8> = (0..len).map(|n| (n * 37 + 11) as u8).collect();
            assert_eq!(unbase64url(&base64url(&bytes)).unwrap(), bytes);
        }
    }
}
