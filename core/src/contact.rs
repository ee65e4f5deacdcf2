//! Checks for contact details: e-mail addresses, phone numbers and links.
//! Shared by the widget's configuration, the lead form and the collector, so
//! all of them apply the same rules.

use crate::lead::is_disallowed_control;

/// The longest e-mail address accepted (RFC 5321 path limit).
pub const MAX_EMAIL_LEN: usize = 254;

/// Whether `email` looks like a deliverable address: one `@`, a non-empty local
/// part of at most 64 characters, no spaces, controls or bidirectional
/// overrides anywhere, and a domain with a dot and no empty label. A label
/// is ASCII letters, digits and hyphens, or holds other characters for an
/// internationalised name.
pub fn is_valid_email(email: &str) -> bool {
    if email.len() > MAX_EMAIL_LEN
        || email
            .chars()
            .any(|c| c.is_whitespace() || is_disallowed_control(c))
    {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    if local.is_empty()
        || local.len() > 64
        || domain.contains('@')
        || local.contains(['<', '>', '"', ','])
    {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || is_beyond_ascii(c))
        })
}

/// Whether `c` is a character beyond ASCII that may stand in a name (of a
/// domain or a font): anything but spaces and controls. Internationalised
/// domain names need more than Unicode's letters and digits (the virama of
/// `हिन्दी`, the middle dot of Catalan names, joiners), and IDNA, not this
/// check, decides what a domain may hold. Asking `char::is_alphanumeric`
/// instead refused those names, and its Unicode tables cost the widget's
/// start module 1.6 KiB.
pub fn is_beyond_ascii(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace() && !is_disallowed_control(c)
}

/// A phone number as written and as a `tel:` link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    pub display: String,
    pub tel: String,
}

/// Parses a phone number written with digits, spaces, `+`, `-`, `.`, `(` and
/// `)`, with 7 to 15 digits (the E.164 limit).
pub fn parse_phone(text: &str) -> Option<Phone> {
    let text = text.trim();
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '.' | '(' | ')'))
    {
        return None;
    }
    if text.chars().skip(1).any(|c| c == '+') {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if !(7..=15).contains(&digits.len()) {
        return None;
    }
    let plus = if text.starts_with('+') { "+" } else { "" };
    Some(Phone {
        display: text.to_string(),
        tel: format!("tel:{plus}{digits}"),
    })
}

/// Whether `url` is an absolute http or https link with a host and no
/// spaces or control characters: the only kind the widget will put in an
/// `href`, so a `javascript:` value can never reach one.
pub fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(r) = lower.strip_prefix("https://") {
        r
    } else if let Some(r) = lower.strip_prefix("http://") {
        r
    } else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    !host.is_empty()
        && !host.starts_with(':')
        && url.len() <= 2048
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        for good in [
            "a@b.co",
            "first.last+tag@example.org",
            "x@sub.domain.example",
            "ü@exämple.de",
            "a@हिन्दी.भारत",
            "a@col·legi.cat",
            "a@ｅｘａｍｐｌｅ.com",
        ] {
            assert!(is_valid_email(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.co",
            "a@b",
            "a b@c.de",
            "a@b..co",
            "a@-b.co",
            "a@b.co\n",
            "a@@b.co",
            "<a>@b.co",
            "a@b_c.co",
            "a@b!.co",
            "a@b\u{a0}c.co",
            "a@moc\u{202e}.example.org",
            "\u{2066}a@b.co",
        ] {
            assert!(!is_valid_email(bad), "{bad:?}");
        }
        assert!(!is_valid_email(&format!("{}@b.co", "a".repeat(65))));
    }

    #[test]
    fn phones() {
        let p = parse_phone("+1-617-719-9530").unwrap();
        assert_eq!(p.tel, "tel:+16177199530");
        assert_eq!(p.display, "+1-617-719-9530");
        assert_eq!(
            parse_phone(" (030) 123 4567 ").unwrap().tel,
            "tel:0301234567"
        );
        for bad in [
            "",
            "call me",
            "12345",
            "+1 617 719 9530 ext 2",
            "1+2345678",
            "1234567890123456",
        ] {
            assert!(parse_phone(bad).is_none(), "{bad:?}");
        }
    }

    #[test]
    fn web_urls() {
        for good in [
            "https://example.com",
            "http://example.com/book?x=1#y",
            "https://EXAMPLE.com:8443/a",
        ] {
            assert!(is_web_url(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "example.com",
            "https://",
            "https:///path",
            "https://a b.com",
            "ftp://x.y",
            "https://x.y/\"onmouseover",
        ] {
            assert!(!is_web_url(bad), "{bad:?}");
        }
    }
}
