//! The question bank and its texts.
//!
//! The data lives in `content/bank.toml` (structure) and
//! `content/<locale>/strings.toml` (words); `build.rs` turns both into the
//! statics at the end of this module. The types borrow with a lifetime so that
//! tests can build variants of the bank on the stack.

/// The two ends of the spectrum.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pole {
    /// Analytical marketing, position 0.
    Marketing,
    /// Optimistic sales, position 100.
    Sales,
}

impl Pole {
    /// The other end.
    pub fn opposite(self) -> Pole {
        match self {
            Pole::Marketing => Pole::Sales,
            Pole::Sales => Pole::Marketing,
        }
    }
}

/// One facet of the role, such as "what the work is".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Facet<'a> {
    pub id: &'a str,
}

/// Which way agreeing with a statement moves its side's demand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Keying {
    /// Agreeing means the role asks more of the side.
    More,
    /// Agreeing means the role asks less of the side.
    Less,
}

/// One scored statement, answered from 1 (strongly disagree) to 5 (strongly agree).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Item<'a> {
    pub id: &'a str,
    pub facet: &'a str,
    /// The side whose demand the statement measures.
    pub side: Pole,
    pub keyed: Keying,
    /// Which idea of the source article (README, "Content") the statement
    /// paraphrases. Empty in WebAssembly builds, which never show it
    /// (`build.rs`); the bank's checks run natively.
    pub source: &'a str,
}

impl Item<'_> {
    /// The pole that agreeing with the statement moves the position toward:
    /// more of a side moves toward it, less of a side toward the other.
    pub fn key(&self) -> Pole {
        match self.keyed {
            Keying::More => self.side,
            Keying::Less => self.side.opposite(),
        }
    }
}

/// A range of positions with a name and advice in the texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Band<'a> {
    pub id: &'a str,
    /// Inclusive.
    pub min: u8,
    /// Exclusive, except that the last band includes 100.
    pub max: u8,
    /// The side this band stands for; `None` for the middle.
    pub lean: Option<Pole>,
}

/// The question bank.
#[derive(Clone, Copy, Debug)]
pub struct Bank<'a> {
    /// Goes up whenever items are added, removed or rekeyed.
    pub version: u32,
    /// Ids of removed items, which must never be used again.
    pub retired_ids: &'a [&'a str],
    pub facets: &'a [Facet<'a>],
    pub items: &'a [Item<'a>],
    pub bands: &'a [Band<'a>],
}

impl<'a> Bank<'a> {
    /// The band a position (0 to 100) falls in. Positions outside the range
    /// are clamped, so every position has a band.
    pub fn band_at(&self, position: f64) -> &Band<'a> {
        let p = position.clamp(0.0, 100.0);
        self.bands
            .iter()
            .find(|b| p >= f64::from(b.min) && p < f64::from(b.max))
            .or_else(|| self.bands.last())
            .expect("a validated bank has bands")
    }

    /// The index of an item by its id.
    pub fn item_index(&self, id: &str) -> Option<usize> {
        self.items.iter().position(|i| i.id == id)
    }

    /// The indexes of the items in one facet.
    pub fn facet_items(&self, facet: &str) -> impl Iterator<Item = usize> + '_ {
        let facet = facet.to_owned();
        self.items
            .iter()
            .enumerate()
            .filter(move |(_, i)| i.facet == facet)
            .map(|(n, _)| n)
    }
}

/// The name of a facet.
#[derive(Clone, Copy, Debug)]
pub struct FacetText<'a> {
    pub name: &'a str,
}

/// What a band means, for the result screen.
#[derive(Clone, Copy, Debug)]
pub struct BandText<'a> {
    pub name: &'a str,
    pub summary: &'a str,
    pub hiring: &'a str,
    pub managing: &'a str,
    pub measuring: &'a str,
}

/// The three answers to "who is answering?".
#[derive(Clone, Copy, Debug)]
pub struct PerspectiveTexts<'a> {
    pub holder: &'a str,
    pub manager: &'a str,
    pub hiring: &'a str,
}

/// The answers to "is success measured the right way?".
#[derive(Clone, Copy, Debug)]
pub struct MeasuresTexts<'a> {
    pub right: &'a str,
    pub partly: &'a str,
    pub wrong: &'a str,
    pub unsure: &'a str,
}

/// What the two demand scores say together.
#[derive(Clone, Copy, Debug)]
pub struct DemandTexts<'a> {
    pub both: &'a str,
    pub little: &'a str,
    pub marketing: &'a str,
    pub sales: &'a str,
    pub balanced: &'a str,
}

/// A flag's heading and explanation.
#[derive(Clone, Copy, Debug)]
pub struct FlagText<'a> {
    pub title: &'a str,
    pub text: &'a str,
}

#[derive(Clone, Copy, Debug)]
pub struct FlagTexts<'a> {
    pub title_mismatch: FlagText<'a>,
    pub yardstick_mismatch: FlagText<'a>,
    pub measures_doubted: FlagText<'a>,
    pub facets_split: FlagText<'a>,
}

/// The note shown when statements pointing opposite ways were answered alike.
#[derive(Clone, Copy, Debug)]
pub struct ResponseStyleTexts<'a> {
    pub title: &'a str,
    pub agreeing: &'a str,
    pub disagreeing: &'a str,
}

/// Advice for a result on the line between two adjacent bands.
#[derive(Clone, Copy, Debug)]
pub struct BorderlineText<'a> {
    pub lower: &'a str,
    pub upper: &'a str,
    pub hiring: &'a str,
    pub managing: &'a str,
    pub measuring: &'a str,
}

/// The words for each side, used inside flag texts.
#[derive(Clone, Copy, Debug)]
pub struct SideTexts<'a> {
    pub marketing: &'a str,
    pub sales: &'a str,
}

impl<'a> SideTexts<'a> {
    pub fn of(&self, pole: Pole) -> &'a str {
        match pole {
            Pole::Marketing => self.marketing,
            Pole::Sales => self.sales,
        }
    }
}

/// Words in a job title that point to one side.
#[derive(Clone, Copy, Debug)]
pub struct TitleKeywords<'a> {
    pub marketing: &'a [&'a str],
    pub sales: &'a [&'a str],
}

/// All texts of one locale.
#[derive(Clone, Copy, Debug)]
pub struct Texts<'a> {
    pub locale: &'a str,
    pub ui: &'a UiText,
    pub scale: [&'a str; 5],
    pub perspectives: PerspectiveTexts<'a>,
    pub measures: MeasuresTexts<'a>,
    pub facets: &'a [(&'a str, FacetText<'a>)],
    pub items: &'a [(&'a str, &'a str)],
    pub bands: &'a [(&'a str, BandText<'a>)],
    pub borderlines: &'a [BorderlineText<'a>],
    pub demand: DemandTexts<'a>,
    pub response_style: ResponseStyleTexts<'a>,
    pub flags: FlagTexts<'a>,
    pub sides: SideTexts<'a>,
    pub title_keywords: TitleKeywords<'a>,
}

fn lookup<T: Copy>(table: &[(&str, T)], id: &str) -> Option<T> {
    table.iter().find(|(k, _)| *k == id).map(|(_, v)| *v)
}

impl<'a> Texts<'a> {
    /// The statement of an item.
    pub fn item(&self, id: &str) -> Option<&'a str> {
        lookup(self.items, id)
    }

    pub fn facet(&self, id: &str) -> Option<FacetText<'a>> {
        lookup(self.facets, id)
    }

    pub fn band(&self, id: &str) -> Option<BandText<'a>> {
        lookup(self.bands, id)
    }

    /// The advice for a result between two bands, in either order.
    pub fn borderline(&self, a: &str, b: &str) -> Option<BorderlineText<'a>> {
        self.borderlines
            .iter()
            .copied()
            .find(|t| (t.lower == a && t.upper == b) || (t.lower == b && t.upper == a))
    }
}

/// The texts of the start screen and the questions in one locale: the part
/// of [`Texts`] the start module needs. A separate value, so that the start
/// module's binary does not carry every other screen's texts.
#[derive(Clone, Copy, Debug)]
pub struct StartTexts<'a> {
    pub locale: &'a str,
    pub ui: &'a StartUi,
    pub scale: [&'a str; 5],
    pub perspectives: PerspectiveTexts<'a>,
    pub measures: MeasuresTexts<'a>,
    pub items: &'a [(&'a str, &'a str)],
}

impl<'a> StartTexts<'a> {
    /// The statement of an item.
    pub fn item(&self, id: &str) -> Option<&'a str> {
        lookup(self.items, id)
    }
}

/// The entry for a locale code such as `en` or `en-GB`, falling back to the
/// language.
fn by_locale<T: Copy>(table: &[(&str, T)], locale: &str) -> Option<T> {
    let wanted = locale.trim().to_ascii_lowercase();
    let language = wanted.split(['-', '_']).next().unwrap_or("");
    lookup(table, &wanted).or_else(|| lookup(table, language))
}

/// The texts for a locale code such as `en` or `en-GB`, falling back to
/// the language and then to English.
pub fn texts_for(locale: &str) -> &'static Texts<'static> {
    by_locale(LOCALES, locale).unwrap_or(&TEXTS_EN)
}

/// The start module's texts for a locale, as [`texts_for`] finds them.
pub fn start_texts_for(locale: &str) -> &'static StartTexts<'static> {
    by_locale(START_LOCALES, locale).unwrap_or(&START_TEXTS_EN)
}

/// Whether texts exist for this locale code (exactly or by its language).
pub fn has_locale(locale: &str) -> bool {
    // The start texts' table has the same codes (tested below) and is the
    // one the start module links anyway.
    by_locale(START_LOCALES, locale).is_some()
}

include!(concat!(env!("OUT_DIR"), "/content.rs"));

#[cfg(test)]
mod tests {
    use super::*;

    /// The start module's texts are generated apart from the rest: they
    /// must be the very same words, in every locale.
    #[test]
    fn the_start_texts_are_the_texts_of_the_same_keys() {
        assert_eq!(START_LOCALES.len(), LOCALES.len());
        for ((code, start), (same_code, texts)) in START_LOCALES.iter().zip(LOCALES) {
            assert_eq!(code, same_code);
            assert!(std::ptr::eq(start_texts_for(code), *start));
            let all = texts.ui.all();
            for (key, text) in start.ui.all() {
                let full = all.iter().find(|(k, _)| *k == key).map(|(_, t)| *t);
                assert_eq!(Some(text), full, "{code}: [ui] {key}");
                assert!(!text.is_empty(), "{code}: [ui] {key} is empty");
            }
            assert_eq!(start.locale, texts.locale);
            assert_eq!(start.scale, texts.scale);
            assert_eq!(start.items, texts.items);
            assert_eq!(
                (
                    start.perspectives.holder,
                    start.perspectives.manager,
                    start.perspectives.hiring
                ),
                (
                    texts.perspectives.holder,
                    texts.perspectives.manager,
                    texts.perspectives.hiring
                )
            );
            assert_eq!(
                [
                    start.measures.right,
                    start.measures.partly,
                    start.measures.wrong,
                    start.measures.unsure
                ],
                [
                    texts.measures.right,
                    texts.measures.partly,
                    texts.measures.wrong,
                    texts.measures.unsure
                ]
            );
        }
    }

    #[test]
    fn a_locale_is_found_by_its_language_and_falls_back_to_english() {
        assert_eq!(start_texts_for("EN-gb").locale, "en");
        assert_eq!(texts_for("xx").locale, "en");
        assert!(has_locale("en_US"));
        assert!(!has_locale("xx"));
    }
}
