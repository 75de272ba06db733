//! The languages of the interface: French first, English second. Their words
//! are in `i18n`.

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// The default.
    #[default]
    Fr,
    /// The second language.
    En,
}

impl Lang {
    /// `fr` or `en`, as in `lang` attributes and `?lang=`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }

    /// Reads `fr` or `en`; anything else is French.
    pub fn from_code(code: &str) -> Self {
        if code.eq_ignore_ascii_case("en") {
            Self::En
        } else {
            Self::Fr
        }
    }
}
