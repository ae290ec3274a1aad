//! Closed word lists: pronouns, titles, role nouns, group nouns and person nouns.

/// Gender a pronoun or title implies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
}

/// What a third-person pronoun can refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PronounInfo {
    /// `Some` for he/she forms (a person), `None` for they forms (a group or plural).
    pub gender: Option<Gender>,
    /// him/her/them: cannot take an antecedent in its own clause.
    pub object: bool,
    /// himself/herself/themselves: wants an antecedent in its own clause.
    pub reflexive: bool,
}

pub(crate) fn pronoun(word: &str) -> Option<PronounInfo> {
    let w = word.to_lowercase();
    let (gender, object, reflexive) = match w.as_str() {
        "he" | "his" => (Some(Gender::Male), false, false),
        "him" => (Some(Gender::Male), true, false),
        "himself" => (Some(Gender::Male), false, true),
        "she" | "hers" => (Some(Gender::Female), false, false),
        "her" => (Some(Gender::Female), false, false),
        "herself" => (Some(Gender::Female), false, true),
        "they" | "their" | "theirs" => (None, false, false),
        "them" => (None, true, false),
        "themselves" => (None, false, true),
        _ => return None,
    };
    Some(PronounInfo {
        gender,
        object,
        reflexive,
    })
}

/// Honorifics and titles that may precede a person's name (compared lowercased, without a final
/// period). Returns the gender the title implies, if any.
pub(crate) fn title(word: &str) -> Option<Option<Gender>> {
    let w = word.trim_end_matches('.').to_lowercase();
    Some(match w.as_str() {
        "mr" | "sir" | "lord" | "king" | "prince" | "father" | "brother" => Some(Gender::Male),
        "mrs" | "ms" | "miss" | "madam" | "lady" | "queen" | "princess" | "sister" | "dame" => {
            Some(Gender::Female)
        }
        "dr" | "prof" | "professor" | "president" | "vice" | "prime" | "minister" | "senator"
        | "sen" | "rep" | "representative" | "gov" | "governor" | "gen" | "general" | "col"
        | "colonel" | "capt" | "captain" | "lt" | "lieutenant" | "sgt" | "sergeant" | "maj"
        | "major" | "adm" | "admiral" | "judge" | "justice" | "pope" | "chancellor" | "mayor"
        | "secretary" | "chairman" | "chairwoman" | "rev" | "reverend" | "saint" | "st"
        | "deputy" | "ambassador" | "commissioner" | "premier" | "chief" | "coach" | "sheikh"
        | "emir" | "ayatollah" | "imam" | "rabbi" | "bishop" | "cardinal" | "archbishop"
        | "detective" | "officer" | "inspector" | "speaker" | "former" | "late" | "then"
        | "attorney" | "solicitor" | "surgeon" | "press" | "foreign" | "defense" | "defence"
        | "interior" | "finance" | "u.s" | "us" => None,
        _ => return None,
    })
}

/// Title words that carry no role by themselves (modifiers kept out of `holds_role` values).
pub(crate) fn is_title_modifier(word: &str) -> bool {
    matches!(
        word.trim_end_matches('.').to_lowercase().as_str(),
        "mr" | "mrs" | "ms" | "miss" | "sir" | "madam" | "dr" | "former" | "late" | "then"
    )
}

/// Role nouns (the last word, or the last two words, of a role phrase): the predicate the role
/// implies about its organization, from the ontology's table ([`ontology::ROLE_NOUNS`]).
pub(crate) fn role(phrase: &str) -> Option<&'static str> {
    ontology::role_predicate(phrase)
}

/// Nouns for people that can head a role nominal ("the correspondent") or a descriptor.
pub(crate) fn person_noun(word: &str) -> bool {
    let w = word.to_lowercase();
    if role(&w).is_some() {
        return true;
    }
    if matches!(
        w.as_str(),
        "man"
            | "woman"
            | "boy"
            | "girl"
            | "champion"
            | "dissident"
            | "politician"
            | "grandmaster"
            | "businessman"
            | "businesswoman"
            | "entrepreneur"
            | "restaurateur"
            | "actor"
            | "actress"
            | "author"
            | "writer"
            | "poet"
            | "artist"
            | "singer"
            | "musician"
            | "player"
            | "scientist"
            | "doctor"
            | "nurse"
            | "teacher"
            | "student"
            | "priest"
            | "veteran"
            | "survivor"
            | "witness"
            | "victim"
            | "suspect"
            | "farmer"
            | "worker"
            | "citizen"
            | "resident"
            | "native"
            | "expert"
            | "historian"
            | "philosopher"
            | "diplomat"
            | "candidate"
            | "opponent"
            | "critic"
            | "ally"
            | "rebel"
            | "separatist"
            | "nationalist"
            | "father"
            | "mother"
            | "son"
            | "daughter"
            | "husband"
            | "wife"
            | "widow"
            | "friend"
            | "colleague"
            | "founder"
            | "heir"
            | "owner"
            | "investor"
            | "optimist"
            | "pessimist"
            | "patriot"
            | "hero"
            | "pilot"
            | "engineer"
            | "photographer"
            | "filmmaker"
            | "director"
            | "athlete"
            | "monk"
            | "nun"
    ) {
        return true;
    }
    // Agentive suffixes, minus common non-person nouns that share them.
    let agentive = ["ist", "ian", "eur", "man", "woman", "person"];
    agentive
        .iter()
        .any(|s| w.len() > s.len() + 2 && w.ends_with(s))
        && !matches!(
            w.as_str(),
            "list" | "mist" | "twist" | "assist" | "exist" | "human" | "german" | "roman"
        )
}

/// Nouns naming organizations generically ("the group" → the organization last in focus).
pub(crate) fn group_noun(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "group"
            | "organization"
            | "organisation"
            | "movement"
            | "forum"
            | "company"
            | "firm"
            | "party"
            | "agency"
            | "network"
            | "coalition"
            | "alliance"
            | "association"
            | "council"
            | "committee"
            | "union"
            | "battalion"
            | "legion"
            | "militia"
            | "foundation"
            | "institute"
            | "broadcaster"
            | "channel"
            | "newspaper"
            | "bank"
            | "team"
            | "club"
            | "band"
    )
}

/// Copulas that introduce a predicate nominal ("X is a coordinator").
pub(crate) fn copula(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "is" | "was" | "are" | "were" | "became" | "becomes" | "remains" | "remained" | "’s" | "'s"
    )
}

/// Prepositions that attach an organization to a role ("co-chair of", "coordinator at").
pub(crate) fn role_preposition(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "of" | "at" | "for" | "with" | "in"
    )
}

/// Head nouns that may pick up an organization or place by its name ("the forum" → "Free Nations
/// of Post-Russia Forum", "the republic" → "Chechen Republic of Ichkeria").
pub(crate) fn org_head(word: &str) -> bool {
    group_noun(word)
        || matches!(
            word.to_lowercase().as_str(),
            "republic"
                | "federation"
                | "kingdom"
                | "empire"
                | "university"
                | "college"
                | "school"
                | "ministry"
                | "department"
                | "court"
                | "parliament"
                | "assembly"
                | "army"
                | "navy"
                | "church"
                | "museum"
                | "hospital"
                | "corporation"
                | "government"
        )
}

/// The gender a common given name suggests (a short list of frequent English and international
/// names; unknown names give `None`).
pub(crate) fn given_name_gender(name: &str) -> Option<Gender> {
    let n = name.to_lowercase();
    const FEMALE: &[&str] = &[
        "mary",
        "patricia",
        "jennifer",
        "linda",
        "elizabeth",
        "barbara",
        "susan",
        "jessica",
        "sarah",
        "karen",
        "nancy",
        "lisa",
        "betty",
        "margaret",
        "sandra",
        "ashley",
        "kimberly",
        "emily",
        "donna",
        "michelle",
        "dorothy",
        "carol",
        "amanda",
        "melissa",
        "deborah",
        "stephanie",
        "rebecca",
        "sharon",
        "laura",
        "cynthia",
        "kathleen",
        "amy",
        "angela",
        "shirley",
        "anna",
        "ann",
        "anne",
        "brenda",
        "pamela",
        "emma",
        "nicole",
        "helen",
        "samantha",
        "katherine",
        "catherine",
        "christine",
        "debra",
        "rachel",
        "carolyn",
        "janet",
        "maria",
        "heather",
        "diane",
        "julie",
        "joyce",
        "victoria",
        "kelly",
        "christina",
        "lauren",
        "joan",
        "evelyn",
        "olivia",
        "judith",
        "megan",
        "cheryl",
        "martha",
        "andrea",
        "hannah",
        "jacqueline",
        "gloria",
        "teresa",
        "sara",
        "janice",
        "marie",
        "julia",
        "kathryn",
        "grace",
        "judy",
        "theresa",
        "madison",
        "beverly",
        "denise",
        "marilyn",
        "amber",
        "danielle",
        "rose",
        "brittany",
        "diana",
        "abigail",
        "natalie",
        "jane",
        "lori",
        "alexis",
        "tiffany",
        "kayla",
        "sophia",
        "sophie",
        "leah",
        "lindsey",
        "kendra",
        "renee",
        "irene",
        "alice",
        "lucy",
        "claire",
        "clara",
        "jeanne",
        "jean-marie",
        "marguerite",
        "isabelle",
        "isabel",
        "sofia",
        "elena",
        "olga",
        "natalia",
        "tatiana",
        "svetlana",
        "irina",
        "anastasia",
        "yulia",
        "radjana",
        "hillary",
        "angela",
        "theresa",
        "ursula",
        "greta",
        "ingrid",
        "hanna",
        "fatima",
        "aisha",
        "mei",
        "yuki",
        "natsuko",
        "valeska",
        "marcie",
        "sally",
        "sue",
        "kim",
        "carrie",
        "wendy",
        "ella",
        "chloe",
        "zoe",
        "mia",
        "ava",
        "charlotte",
        "harriet",
        "queen",
        "mrs",
        "ms",
        "miss",
        "madam",
        "lady",
    ];
    const MALE: &[&str] = &[
        "james",
        "robert",
        "john",
        "michael",
        "david",
        "william",
        "richard",
        "joseph",
        "thomas",
        "charles",
        "christopher",
        "daniel",
        "matthew",
        "anthony",
        "mark",
        "donald",
        "steven",
        "paul",
        "andrew",
        "joshua",
        "kenneth",
        "kevin",
        "brian",
        "george",
        "timothy",
        "ronald",
        "edward",
        "jason",
        "jeffrey",
        "ryan",
        "jacob",
        "gary",
        "nicholas",
        "eric",
        "jonathan",
        "stephen",
        "larry",
        "justin",
        "scott",
        "brandon",
        "benjamin",
        "samuel",
        "gregory",
        "alexander",
        "frank",
        "patrick",
        "raymond",
        "jack",
        "dennis",
        "jerry",
        "tyler",
        "aaron",
        "jose",
        "adam",
        "nathan",
        "henry",
        "douglas",
        "zachary",
        "peter",
        "kyle",
        "walter",
        "ethan",
        "jeremy",
        "harold",
        "keith",
        "christian",
        "roger",
        "noah",
        "gerald",
        "carl",
        "terry",
        "sean",
        "austin",
        "arthur",
        "lawrence",
        "jesse",
        "dylan",
        "bryan",
        "joe",
        "jordan",
        "billy",
        "bruce",
        "albert",
        "willie",
        "gabriel",
        "logan",
        "alan",
        "juan",
        "wayne",
        "roy",
        "ralph",
        "randy",
        "eugene",
        "vincent",
        "russell",
        "elijah",
        "louis",
        "bobby",
        "philip",
        "johnny",
        "bob",
        "bill",
        "tom",
        "jim",
        "mike",
        "dave",
        "ben",
        "pete",
        "fred",
        "tony",
        "ted",
        "sam",
        "helmut",
        "hans",
        "karl",
        "otto",
        "pierre",
        "jean",
        "jacques",
        "françois",
        "francois",
        "michel",
        "giuseppe",
        "giovanni",
        "marco",
        "carlos",
        "luis",
        "miguel",
        "pedro",
        "vladimir",
        "boris",
        "oleg",
        "pavel",
        "sergei",
        "sergey",
        "dmitry",
        "alexei",
        "alexey",
        "ivan",
        "nikolai",
        "mikhail",
        "yuri",
        "akhmed",
        "ramzan",
        "garry",
        "mohamed",
        "mohammed",
        "muhammad",
        "ahmed",
        "ali",
        "omar",
        "hassan",
        "abdullah",
        "barack",
        "donald",
        "joe",
        "bernie",
        "emmanuel",
        "angelo",
        "mario",
        "devin",
        "martin",
        "king",
        "mr",
        "sir",
        "lord",
        "prince",
        "father",
        "santa",
    ];
    if FEMALE.contains(&n.as_str()) {
        Some(Gender::Female)
    } else if MALE.contains(&n.as_str()) {
        Some(Gender::Male)
    } else {
        None
    }
}
