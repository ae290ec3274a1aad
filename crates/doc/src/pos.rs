//! The closed part-of-speech tag sets: Universal POS ([`Upos`]) and the Penn Treebank tags with
//! the English Web Treebank's additions ([`Xpos`]). Tags are compared as enums, never as strings;
//! [`Upos::as_str`] and [`Xpos::as_str`] give the standard spellings (what JSON, the store and
//! the models' feature strings use).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Defines a closed tag set: the enum, `ALL`, `as_str`, `parse` and serde as the spellings, where
/// a spelling outside the set reads as the fallback (input data never fails on an odd tag).
macro_rules! tag_set {
    ($(#[$meta:meta])* $name:ident, fallback $fallback:ident, { $($variant:ident = $s:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $(
                #[doc = $s]
                $variant,
            )*
        }

        impl $name {
            /// Every tag, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// The standard spelling.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $s,)*
                }
            }

            /// Parses the standard spelling (exact, case-sensitive); `None` for anything else.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($s => Some($name::$variant),)*
                    _ => None,
                }
            }

            /// [`Self::parse`], with the set's unknown tag for anything outside the set.
            pub fn parse_or_unknown(s: &str) -> Self {
                Self::parse(s).unwrap_or($name::$fallback)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
                Ok(Self::parse_or_unknown(&s))
            }
        }
    };
}

tag_set! {
    /// Universal Dependencies part of speech (the 17 UPOS tags); `X` is "other / unknown".
    Upos, fallback X, {
        Adj = "ADJ",
        Adp = "ADP",
        Adv = "ADV",
        Aux = "AUX",
        Cconj = "CCONJ",
        Det = "DET",
        Intj = "INTJ",
        Noun = "NOUN",
        Num = "NUM",
        Part = "PART",
        Pron = "PRON",
        Propn = "PROPN",
        Punct = "PUNCT",
        Sconj = "SCONJ",
        Sym = "SYM",
        Verb = "VERB",
        X = "X",
    }
}

tag_set! {
    /// Penn Treebank tags plus the English Web Treebank's additions (`ADD`, `AFX`, `GW`, `HYPH`,
    /// `NFP`, `XX`): every XPOS of UD English-EWT and GUM. `XX` is "unknown".
    Xpos, fallback Xx, {
        Cc = "CC",
        Cd = "CD",
        Dt = "DT",
        Ex = "EX",
        Fw = "FW",
        In = "IN",
        Jj = "JJ",
        Jjr = "JJR",
        Jjs = "JJS",
        Ls = "LS",
        Md = "MD",
        Nn = "NN",
        Nns = "NNS",
        Nnp = "NNP",
        Nnps = "NNPS",
        Pdt = "PDT",
        Pos = "POS",
        Prp = "PRP",
        PrpS = "PRP$",
        Rb = "RB",
        Rbr = "RBR",
        Rbs = "RBS",
        Rp = "RP",
        Sym = "SYM",
        To = "TO",
        Uh = "UH",
        Vb = "VB",
        Vbd = "VBD",
        Vbg = "VBG",
        Vbn = "VBN",
        Vbp = "VBP",
        Vbz = "VBZ",
        Wdt = "WDT",
        Wp = "WP",
        WpS = "WP$",
        Wrb = "WRB",
        Dollar = "$",
        Pound = "#",
        Comma = ",",
        Period = ".",
        Colon = ":",
        OpenQuote = "``",
        CloseQuote = "''",
        Lrb = "-LRB-",
        Rrb = "-RRB-",
        Add = "ADD",
        Afx = "AFX",
        Gw = "GW",
        Hyph = "HYPH",
        Nfp = "NFP",
        Xx = "XX",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip_and_unknown_tags_fall_back() {
        for &u in Upos::ALL {
            assert_eq!(Upos::parse(u.as_str()), Some(u));
        }
        for &x in Xpos::ALL {
            assert_eq!(Xpos::parse(x.as_str()), Some(x));
        }
        assert_eq!(Upos::ALL.len(), 17);
        assert_eq!(Upos::parse("noun"), None);
        assert_eq!(Upos::parse_or_unknown("NOUNS"), Upos::X);
        assert_eq!(Xpos::parse_or_unknown(""), Xpos::Xx);
        assert_eq!(Xpos::parse("PRP$"), Some(Xpos::PrpS));
    }

    #[test]
    fn serde_uses_the_spellings() {
        let j = serde_json::to_string(&(Upos::Propn, Xpos::Lrb)).unwrap();
        assert_eq!(j, r#"["PROPN","-LRB-"]"#);
        let back: (Upos, Xpos) = serde_json::from_str(&j).unwrap();
        assert_eq!(back, (Upos::Propn, Xpos::Lrb));
        let odd: (Upos, Xpos) = serde_json::from_str(r#"["??","NN|SYM"]"#).unwrap();
        assert_eq!(odd, (Upos::X, Xpos::Xx));
    }
}
