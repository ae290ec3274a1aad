//! Abbreviations and initials that keep their final period, and which of them may end a sentence.

/// Abbreviations matched with their case as written.
const CASED: &[&str] = &[
    "Mr.", "Mrs.", "Ms.", "Mssrs.", "Messrs.", "Dr.", "Drs.", "Prof.", "Sr.", "Jr.", "St.", "Ste.",
    "Gen.", "Col.", "Lt.", "Capt.", "Sgt.", "Maj.", "Cmdr.", "Adm.", "Brig.", "Gov.", "Sen.",
    "Sens.", "Rep.", "Reps.", "Rev.", "Hon.", "Pres.", "Supt.", "Det.", "Insp.", "Cpl.", "Pvt.",
    "Ft.", "Mt.", "Fr.", "Mme.", "Mlle.", "Inc.", "Co.", "Corp.", "Ltd.", "Bros.", "Cos.", "Assn.",
    "Dept.", "Univ.", "Ave.", "Blvd.", "Rd.", "Hwy.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.",
    "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Mon.", "Tue.", "Tues.", "Wed.",
    "Thu.", "Thur.", "Thurs.", "Fri.", "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.", "Conn.", "Fla.",
    "Ga.", "Kan.", "Kans.", "Ky.", "Md.", "Mich.", "Minn.", "Mont.", "Neb.", "Nev.", "Okla.",
    "Tenn.", "Tex.", "Va.", "Vt.", "Wis.", "Wyo.", "Ph.D.", "Ed.", "Eds.", "Vs.", "Ltda.", "Esq.",
    "Fig.", "Figs.",
];

/// Abbreviations matched in lower case.
const LOWER: &[&str] = &[
    "etc.", "e.g.", "i.e.", "vs.", "cf.", "al.", "approx.", "a.m.", "p.m.", "est.", "ft.", "oz.",
    "lb.", "lbs.", "mln.", "bln.", "viz.", "ca.", "incl.", "dept.", "govt.", "yr.", "yrs.", "hrs.",
    "mos.", "sq.", "jr.", "sr.", "ext.",
];

/// Abbreviations kept only before a number (`No. 1`, `pp. 20`).
const BEFORE_NUMBER: &[&str] = &[
    "No.", "Nos.", "no.", "nos.", "Art.", "Vol.", "vol.", "p.", "pp.", "Ch.", "Sec.", "Nr.",
];

/// Abbreviations that commonly end a sentence (`... for Acme Inc.`).
const MAY_END: &[&str] = &[
    "etc.", "Inc.", "Co.", "Corp.", "Ltd.", "Jr.", "Sr.", "Bros.", "a.m.", "p.m.", "Esq.", "al.",
    "Cos.",
];

/// True when `w` (ending in '.') keeps its period as part of the token.
pub(crate) fn is_abbreviation(w: &str, next: Option<&str>) -> bool {
    if CASED.contains(&w) {
        return true;
    }
    let lower = w.to_lowercase();
    if LOWER.contains(&lower.as_str()) {
        return true;
    }
    if BEFORE_NUMBER.contains(&w)
        && next.is_some_and(|n| n.starts_with(|c: char| c.is_ascii_digit()))
    {
        return true;
    }
    is_initials(w)
}

/// `J.`, `U.S.`, `H.W.`, `a.m.`: single letters each followed by a period.
pub(crate) fn is_initials(w: &str) -> bool {
    let Some(body) = w.strip_suffix('.') else {
        return false;
    };
    let parts: Vec<&str> = body.split('.').collect();
    if parts.len() == 1 {
        let mut cs = body.chars();
        return matches!((cs.next(), cs.next()), (Some(c), None) if c.is_uppercase());
    }
    parts.iter().all(|p| {
        let mut cs = p.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic())
    })
}

/// True for an abbreviation token that may be the last token of a sentence.
pub(crate) fn may_end_sentence(w: &str) -> bool {
    if MAY_END.contains(&w) {
        return true;
    }
    // Multi-letter initials like U.S., U.K., D.C. (not a single initial `J.`).
    is_initials(w) && w.matches('.').count() >= 2
}

/// True when `w` ends in '.' and is an abbreviation or initial kept whole by the tokenizer.
pub(crate) fn is_abbrev_token(w: &str) -> bool {
    w.len() > 1 && w.ends_with('.') && !w.bytes().all(|b| b == b'.')
}
